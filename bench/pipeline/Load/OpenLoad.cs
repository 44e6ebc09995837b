using System.Diagnostics;

namespace OrderPipeline.Bench.Pipeline.Load;

/// <summary>A stretch of constant arrival rate.</summary>
public readonly record struct Phase(string Name, double Seconds, double RatePerSecond);

/// <summary>
/// Open model, for latency: every order has a due time fixed in advance by the phases' rates and is sent then, whether or not
/// earlier ones were answered. Latency runs from the due time, so a stalled server shows as latency instead of hiding as a
/// lower send rate (no coordinated omission).
/// </summary>
public static class OpenLoad
{
    public static async Task<LoadResult> RunAsync(Uri target, OrderBodies bodies, int connections, IReadOnlyList<Phase> phases,
        Action<TimeSpan>? everySecond = null)
    {
        var due = Schedule(phases);
        using var client = new OrderClient(target, connections);
        var outcomes = new Outcome[due.Length];
        var pending = new Task[due.Length];
        var startedAt = DateTimeOffset.UtcNow;
        var origin = Stopwatch.GetTimestamp();
        var next = 0;
        var nextSecond = 1;
        while (next < due.Length)
        {
            var now = Stopwatch.GetTimestamp() - origin;
            while (next < due.Length && due[next] <= now)
            {
                var index = next++;
                pending[index] = Send(client, bodies, outcomes, index, due[index], origin);
            }

            if (now >= nextSecond * Stopwatch.Frequency)
            {
                everySecond?.Invoke(TimeSpan.FromSeconds(nextSecond++));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(pending);
        return new LoadResult(outcomes, Stopwatch.GetElapsedTime(origin), startedAt);
    }

    static async Task Send(OrderClient client, OrderBodies bodies, Outcome[] outcomes, int index, long due, long origin) =>
        outcomes[index] = await client.PostAsync(bodies.Body(index), due, origin);

    /// <summary>Due times in stopwatch ticks from the start, evenly spaced within each phase.</summary>
    public static long[] Schedule(IReadOnlyList<Phase> phases)
    {
        var due = new List<long>();
        var phaseStart = 0.0;
        foreach (var phase in phases)
        {
            var count = (long)Math.Round(phase.Seconds * phase.RatePerSecond);
            for (long i = 0; i < count; i++)
            {
                due.Add((long)((phaseStart + i / phase.RatePerSecond) * Stopwatch.Frequency));
            }

            phaseStart += phase.Seconds;
        }

        return due.ToArray();
    }

    /// <summary>Which phase an order due at <paramref name="dueTicks"/> belongs to.</summary>
    public static string PhaseOf(IReadOnlyList<Phase> phases, long dueTicks)
    {
        var seconds = (double)dueTicks / Stopwatch.Frequency;
        foreach (var phase in phases)
        {
            if (seconds < phase.Seconds)
            {
                return phase.Name;
            }

            seconds -= phase.Seconds;
        }

        return phases[^1].Name;
    }
}
