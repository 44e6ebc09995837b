using System.Diagnostics;
using System.Globalization;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Report;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>
/// Scenario 2: orders accepted per second by Intake.Api (each 202 after its publisher confirm) with the workers stopped, at
/// each connection count, against the raw confirmed publish measured just before in the same run. Then the workers start
/// and drain the backlog at full speed, and the run is verified.
/// </summary>
public static class IntakeScenario
{
    public static async Task<bool> RunAsync(BenchSettings settings, int[] connections, TimeSpan duration)
    {
        var raw = await BaselineScenario.RunAsync(settings, connections, duration, publish: false);
        var table = new ResultTable("intake", "Intake: orders accepted with publisher confirms, workers stopped",
            "connections", "orders/s", "raw publish /s", "% of raw", "p50 / p99 / max ms", "errors", "CPU: api / rabbitmq / bench");
        // The workers declare the queues (MassTransit deploys its topology on start): run them once, then stop them, so that
        // the orders accepted meanwhile wait in the orders queue.
        await using var pipeline = await BenchPipeline.StartAsync(settings);
        await pipeline.StopWorkersAsync();
        var bodies = new OrderBodies($"intake-{DateTime.UtcNow:HHmmss}");
        var stock = await pipeline.SeedProductsAsync(bodies, expectedOrders: connections.Length * (long)duration.TotalSeconds * 20_000);
        var runs = new List<LoadResult>();
        foreach (var conns in connections)
        {
            runs.Add(await ClosedLoadWarmUp(pipeline.Api.BaseAddress, bodies, conns));
            var stats = ProcessStats.Start(pipeline.Processes);
            var result = await ClosedLoad.RunAsync(pipeline.Api.BaseAddress, bodies, conns, duration, TimeSpan.Zero);
            var usage = await stats.StopAsync();
            runs.Add(result);
            var rate = result.Accepted / result.Elapsed.TotalSeconds;
            table.Add(conns, rate, raw[conns], $"{100 * rate / raw[conns]:0} %", result.LatencyOf(_ => true).ToString(), result.Failed,
                string.Join(" / ", new[] { "api", "rabbitmq", "bench (load + gateway)" }.Select(n =>
                    usage.FirstOrDefault(u => u.Process == n)?.Cores.ToString("0.00", CultureInfo.InvariantCulture) ?? "-")));
        }

        var accepted = runs.Sum(r => r.Accepted);
        var (backlog, _) = await pipeline.QueueDepthsAsync();
        var drainStats = ProcessStats.Start(pipeline.Processes);
        var drainStart = Stopwatch.GetTimestamp();
        await pipeline.StartWorkersAsync();
        var (drained, _) = await RunCheck.WaitForNoticesAsync(pipeline, accepted, TimeSpan.FromMinutes(15));
        var drainUsage = await drainStats.StopAsync();
        var drainTime = Stopwatch.GetElapsedTime(drainStart);
        var report = await RunCheck.VerifyAsync(pipeline, runs, stock);
        table.Note($"Then the workers started and took the backlog of {backlog:N0} orders through to the shopper notices in " +
                   (drained is null ? "more than 15 min (deadline)" : $"{drainTime.TotalSeconds:0.0} s: {accepted / drainTime.TotalSeconds:N0} orders/s end to end, worker start-up included"));
        table.Usage(drainUsage, "during the drain");
        table.Note($"Verification (warm-up orders included): {report}");
        table.Note("Load: closed model, 3 s warm-up per connection count (not counted); the baseline is the raw confirmed publish over HTTP measured in this run (see baseline).");
        table.Publish(settings.Root, $"bench/pipeline/run.sh intake --seconds {duration.TotalSeconds} --connections {string.Join(',', connections)}");
        return report.Ok && drained is not null;
    }

    static Task<LoadResult> ClosedLoadWarmUp(Uri address, OrderBodies bodies, int connections) =>
        ClosedLoad.RunAsync(address, bodies, connections, TimeSpan.FromSeconds(3), TimeSpan.Zero);
}
