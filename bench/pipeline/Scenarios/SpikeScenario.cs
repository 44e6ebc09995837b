using System.Globalization;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Report;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>
/// Scenario 4: a modest rate, then ten times that (beyond what the workers process), then the modest rate again. The intake
/// must keep answering quickly while the queue absorbs the surge; the backlog then drains at the workers' speed and nothing
/// is lost.
/// </summary>
public static class SpikeScenario
{
    public static async Task<bool> RunAsync(BenchSettings settings, double rate, double factor, TimeSpan before, TimeSpan spike, TimeSpan after, int connections)
    {
        Phase[] phases =
        [
            new("before", before.TotalSeconds, rate),
            new("spike", spike.TotalSeconds, rate * factor),
            new("after", after.TotalSeconds, rate),
        ];
        var table = new ResultTable("spike", string.Create(CultureInfo.InvariantCulture,
                $"Spike: {before.TotalSeconds:0} s at {rate:N0}/s, {spike.TotalSeconds:0} s at {rate * factor:N0}/s, {after.TotalSeconds:0} s at {rate:N0}/s"),
            "phase", "rate /s", "202", "errors", "POST→202 p50 / p99 / max ms", "POST→decided p50 / p99 / max ms", "POST→notice p50 / p99 / max ms");
        await using var pipeline = await BenchPipeline.StartAsync(settings);
        var warm = await RunCheck.WarmUpAsync(pipeline, rate, RunCheck.WarmUp, connections);
        var bodies = new OrderBodies($"spike-{DateTime.UtcNow:HHmmss}");
        var stock = await pipeline.SeedProductsAsync(bodies, (long)phases.Sum(p => p.Seconds * p.RatePerSecond));
        var stats = ProcessStats.Start(pipeline.Processes);
        await using var depths = new DepthSampler(pipeline);
        var result = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, bodies, connections, phases);
        var (tail, _) = await RunCheck.WaitForNoticesAsync(pipeline, result.Accepted, TimeSpan.FromMinutes(15));
        var usage = await stats.StopAsync();
        await depths.DisposeAsync();
        foreach (var phase in phases)
        {
            bool InPhase(Outcome o) => OpenLoad.PhaseOf(phases, o.DueTicks) == phase.Name;
            var (decided, notice) = await RunCheck.EndToEndAsync(pipeline, result, InPhase);
            table.Add(phase.Name, phase.RatePerSecond, result.Outcomes.Count(o => InPhase(o) && o.Status == 202), result.Outcomes.Count(o => InPhase(o) && o.Status != 202),
                result.LatencyOf(InPhase).ToString(), decided.ToString(), notice.ToString());
        }

        var spikeEnd = before.TotalSeconds + spike.TotalSeconds;
        var peak = depths.Samples.Count == 0 ? default : depths.Samples.MaxBy(s => s.Orders + s.Notify);
        var drainedAt = depths.Samples.FirstOrDefault(s => s.Seconds > peak.Seconds && s.Orders + s.Notify <= Math.Max(rate, 100)).Seconds;
        var report = await RunCheck.VerifyAsync(pipeline, [result], stock);
        table.Note($"Peak backlog: {peak.Orders:N0} orders + {peak.Notify:N0} notify messages ready, {peak.Seconds - before.TotalSeconds:0.0} s after the spike began.");
        table.Note(drainedAt > 0
            ? $"Drained (ready messages back under one second of the modest rate) {drainedAt - spikeEnd:0.0} s after the spike ended; decisions per second during the drain: {await PeakDecisionRateAsync(pipeline, result):N0} at best."
            : "The backlog had not drained when sampling stopped.");
        table.Note(tail is null ? "Not every notice arrived within 15 min." : $"Last notice {tail.Value.TotalSeconds:0.0} s after the last answered POST.");
        table.Usage(usage, "whole run");
        table.Note($"Verification: {report}");
        table.Note($"Open model, up to {connections} connections; latencies from each order's due time.");
        table.Publish(settings.Root, string.Create(CultureInfo.InvariantCulture,
            $"bench/pipeline/run.sh spike --rate {rate} --factor {factor} --seconds {before.TotalSeconds} --spike-seconds {spike.TotalSeconds} --after-seconds {after.TotalSeconds}"));
        return warm && report.Ok && tail is not null;
    }

    /// <summary>The most orders decided in any one second of the run (the business worker's speed with a backlog in front of it).</summary>
    static async Task<long> PeakDecisionRateAsync(BenchPipeline pipeline, LoadResult result)
    {
        await using var command = pipeline.Database.CreateCommand("""
            SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM orders WHERE order_id = ANY($1) GROUP BY date_trunc('second', created_at)) s
            """);
        command.Parameters.AddWithValue(result.AcceptedOrderIds.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
