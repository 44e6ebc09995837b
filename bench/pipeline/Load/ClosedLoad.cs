using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrderPipeline.Bench.Pipeline.Load;

/// <summary>
/// Closed model, for throughput: <c>connections</c> senders, each posting its next order as soon as the last one is answered,
/// for a fixed time. A warm-up of the same shape runs first and is not counted.
/// </summary>
public static class ClosedLoad
{
    public static async Task<LoadResult> RunAsync(Uri target, OrderBodies bodies, int connections, TimeSpan duration, TimeSpan warmUp)
    {
        using var client = new OrderClient(target, connections);
        if (warmUp > TimeSpan.Zero)
        {
            await RunAsync(client, bodies, connections, warmUp);
        }

        return await RunAsync(client, bodies, connections, duration);
    }

    static async Task<LoadResult> RunAsync(OrderClient client, OrderBodies bodies, int connections, TimeSpan duration)
    {
        var outcomes = new ConcurrentBag<Outcome>();
        var startedAt = DateTimeOffset.UtcNow;
        var origin = Stopwatch.GetTimestamp();
        var end = origin + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long sequence = 0;
        var senders = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var due = Stopwatch.GetTimestamp() - origin;
                outcomes.Add(await client.PostAsync(bodies.Body(Interlocked.Increment(ref sequence)), due, origin));
            }
        }));
        await Task.WhenAll(senders);
        return new LoadResult(outcomes.OrderBy(o => o.DueTicks).ToArray(), Stopwatch.GetElapsedTime(origin), startedAt);
    }
}
