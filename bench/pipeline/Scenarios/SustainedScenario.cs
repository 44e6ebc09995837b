using System.Globalization;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Report;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>
/// Scenario 3: a fixed arrival rate (open model) for a fixed time, with latency from each order's due time to its 202, to
/// its decision (Confirmed or Rejected) and to its shopper notice at the gateway. A rate is sustained when the backlog did
/// not grow: every notice has arrived within <see cref="SustainedSlack"/> of the last POST and no request failed.
/// With several rates it stops at the first one not sustained (the search for the highest).
/// </summary>
public static class SustainedScenario
{
    public static readonly TimeSpan SustainedSlack = TimeSpan.FromSeconds(2);

    /// <param name="label">What this run is, next to others in the same file (the telemetry scenario's "telemetry on"/"off").</param>
    public static async Task<bool> RunAsync(BenchSettings settings, double[] rates, TimeSpan duration, int connections, string? label = null,
        string? reproduce = null)
    {
        var table = new ResultTable("sustained", $"End to end, sustained: fixed arrival rate for {duration.TotalSeconds:0} s{(label is null ? "" : ", " + label)}",
            "rate /s", "sent", "202", "errors", "POST→202 p50 / p99 / max ms", "POST→decided p50 / p99 / max ms", "POST→notice p50 / p99 / max ms",
            "peak depth orders / notify", "last notice after last POST s", "sustained", "verified");
        await using var pipeline = await BenchPipeline.StartAsync(settings);
        var warmRate = Math.Min(rates[0], 2000);
        var allOk = await RunCheck.WarmUpAsync(pipeline, warmRate, RunCheck.WarmUp, connections);
        foreach (var rate in rates)
        {
            pipeline.Receiver.Clear();
            var bodies = new OrderBodies(string.Create(CultureInfo.InvariantCulture, $"s{rate:0}-{DateTime.UtcNow:HHmmss}"));
            var stock = await pipeline.SeedProductsAsync(bodies, (long)(rate * duration.TotalSeconds));
            Console.WriteLine($"sustained: {rate:N0} orders/s for {duration.TotalSeconds:0} s");
            var stats = ProcessStats.Start(pipeline.Processes);
            await using var depths = new DepthSampler(pipeline);
            var result = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, bodies, connections, [new Phase("steady", duration.TotalSeconds, rate)]);
            var (tail, _) = await RunCheck.WaitForNoticesAsync(pipeline, result.Accepted, TimeSpan.FromMinutes(10));
            var usage = await stats.StopAsync();
            var lastPost = result.Elapsed; // the load ends when the last answer is in; the tail is measured from there
            var report = await RunCheck.VerifyAsync(pipeline, [result], stock);
            var (decided, notice) = await RunCheck.EndToEndAsync(pipeline, result);
            var sustained = tail is not null && tail <= SustainedSlack && result.Failed == 0;
            table.Add(rate, result.Outcomes.Count, result.Accepted, result.Failed, result.LatencyOf(_ => true).ToString(), decided.ToString(),
                notice.ToString(), $"{depths.PeakOrders:N0} / {depths.PeakNotify:N0}", tail is null ? "> 600" : $"{tail.Value.TotalSeconds:0.0}",
                sustained ? "yes" : "no", report.Ok ? "ok" : "FAILED");
            table.Usage(usage, string.Create(CultureInfo.InvariantCulture, $"at {rate:N0}/s (load {lastPost.TotalSeconds:0} s plus the tail)"));
            if (!report.Ok)
            {
                table.Note($"Verification at {rate:N0}/s: {report}");
            }

            allOk &= report.Ok;
            if (!sustained)
            {
                table.Note(string.Create(CultureInfo.InvariantCulture, $"{rate:N0}/s is not sustained; higher rates were not tried."));
                break;
            }
        }

        table.Note(string.Create(CultureInfo.InvariantCulture, $"Warm-up before the first rate: {warmRate:N0} orders/s for {RunCheck.WarmUp.TotalSeconds:0} s, verified, not counted."));
        table.Note($"Open model: each order is sent at its due time whether or not earlier ones were answered; latencies run from the due time. Up to {connections} connections.");
        table.Note("decided = the order row's decision time (written by the business worker, before its commit); notice = first arrival of the shopper's e-mail at the gateway in this program.");
        table.Note($"Sustained = no failed request and the last notice at the gateway within {SustainedSlack.TotalSeconds:0} s of the last answered POST (a growing backlog would take longer to drain).");
        table.Publish(settings.Root, reproduce ?? $"bench/pipeline/run.sh sustained --rates {string.Join(',', rates.Select(r => r.ToString(CultureInfo.InvariantCulture)))} --seconds {duration.TotalSeconds}");
        return allOk;
    }
}
