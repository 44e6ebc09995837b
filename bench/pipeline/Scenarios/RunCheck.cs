using System.Diagnostics;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Verification;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>What every scenario does after its load: wait for the pipeline to finish, time it, verify, and read end-to-end latencies.</summary>
static class RunCheck
{
    /// <summary>
    /// Waits until the gateway holds a notice for each of <paramref name="expected"/> orders (the last step of an order's
    /// journey), sampling the queues every second. Returns how long that took, or null at the deadline.
    /// </summary>
    public static async Task<(TimeSpan? Elapsed, long PeakDepth)> WaitForNoticesAsync(BenchPipeline pipeline, int expected, TimeSpan deadline)
    {
        var start = Stopwatch.GetTimestamp();
        long peak = 0;
        var lastReport = 0;
        while (Stopwatch.GetElapsedTime(start) < deadline)
        {
            if (pipeline.Receiver.ReceivedKeys >= expected)
            {
                return (Stopwatch.GetElapsedTime(start), peak);
            }

            var (orders, notify) = await pipeline.QueueDepthsAsync();
            peak = Math.Max(peak, orders + notify);
            if ((int)Stopwatch.GetElapsedTime(start).TotalSeconds >= lastReport + 5)
            {
                lastReport = (int)Stopwatch.GetElapsedTime(start).TotalSeconds;
                Console.WriteLine($"  draining: {pipeline.Receiver.ReceivedKeys:N0} of {expected:N0} notices, queues: orders {orders:N0}, notify {notify:N0}");
            }

            await Task.Delay(100);
        }

        return (null, peak);
    }

    /// <summary>
    /// Warms the pipeline up (JIT, connection pools, the broker's queues) with a short run of its own products, verified like
    /// any other, so that the measured run starts warm. Returns whether its verification held.
    /// </summary>
    /// <summary>How long the warm-up runs before a measured run: long enough for tiered JIT to finish the hot paths.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    public static async Task<bool> WarmUpAsync(BenchPipeline pipeline, double rate, TimeSpan duration, int connections)
    {
        pipeline.Receiver.Clear();
        var bodies = new OrderBodies($"warm-{DateTime.UtcNow:HHmmss}");
        var stock = await pipeline.SeedProductsAsync(bodies, (long)(rate * duration.TotalSeconds));
        Console.WriteLine($"warm-up: {rate:N0} orders/s for {duration.TotalSeconds:0} s");
        var result = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, bodies, connections, [new Phase("warm-up", duration.TotalSeconds, rate)]);
        await WaitForNoticesAsync(pipeline, result.Accepted, TimeSpan.FromMinutes(5));
        var report = await VerifyAsync(pipeline, [result], stock);
        pipeline.Receiver.Clear();
        return report.Ok;
    }

    public static async Task<VerificationReport> VerifyAsync(BenchPipeline pipeline, IReadOnlyList<LoadResult> runs, IReadOnlyDictionary<string, int> stock)
    {
        var report = await new RunVerifier(pipeline.Database).VerifyAsync(
            runs.SelectMany(r => r.AcceptedOrderIds).ToArray(), stock, pipeline.Receiver.Counts,
            unanswered: runs.Sum(r => r.Outcomes.Count(o => o.Status == 0)));
        Console.WriteLine($"  verification: {report}");
        return report;
    }

    /// <summary>POST-to-Confirmed (the order row's decision time) and POST-to-notice (first arrival at the gateway), from the order's due time.</summary>
    public static async Task<(Latencies Decided, Latencies Notice)> EndToEndAsync(BenchPipeline pipeline, LoadResult run,
        Func<Outcome, bool>? where = null)
    {
        var due = run.Outcomes.Where(o => o.Status == 202 && o.OrderId is not null && (where?.Invoke(o) ?? true))
            .ToDictionary(o => o.OrderId!, run.DueAt, StringComparer.Ordinal);
        var decided = new List<double>(due.Count);
        var noticed = new List<double>(due.Count);
        await using var command = pipeline.Database.CreateCommand("SELECT order_id, created_at, status FROM orders WHERE order_id = ANY($1)");
        command.Parameters.AddWithValue(due.Keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            var at = due[id];
            decided.Add((reader.GetFieldValue<DateTimeOffset>(1) - at).TotalMilliseconds);
            var kind = reader.GetString(2) == "Rejected" ? "OrderRejected" : "OrderConfirmed";
            if (pipeline.Receiver.Receipts.TryGetValue($"{id}:{kind}:email", out var receipt))
            {
                noticed.Add((receipt.FirstAt - at).TotalMilliseconds);
            }
        }

        return (Latencies.FromMilliseconds(decided), Latencies.FromMilliseconds(noticed));
    }
}
