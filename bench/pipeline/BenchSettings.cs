namespace OrderPipeline.Bench.Pipeline;

/// <summary>Where the benchmark runs: set by <c>bench/pipeline/run.sh</c> (its own database and vhost).</summary>
public sealed record BenchSettings(string Root, string PostgreSql, string VirtualHost, string RabbitUser, string RabbitPassword)
{
    public static BenchSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable("OP_ROOT") ?? Directory.GetCurrentDirectory(),
        Environment.GetEnvironmentVariable("OP_BENCH_PG") ?? "Host=127.0.0.1;Database=op_bench_pipeline;Username=orderpipeline;Password=orderpipeline",
        Environment.GetEnvironmentVariable("OP_RABBIT_VHOST") ?? "op-bench-pipeline",
        Environment.GetEnvironmentVariable("OP_RABBIT_USER") ?? "orderpipeline",
        Environment.GetEnvironmentVariable("OP_RABBIT_PASSWORD") ?? "orderpipeline");
}
