namespace OrderPipeline.Bench.Pipeline.Load;

/// <summary>One request: when it was due (stopwatch ticks since the run's start), how long until its answer, and the answer.</summary>
public readonly record struct Outcome(long DueTicks, long LatencyTicks, int Status, string? OrderId);

/// <summary>Everything one load run sent and got back.</summary>
public sealed class LoadResult(IReadOnlyList<Outcome> outcomes, TimeSpan elapsed, DateTimeOffset startedAt)
{
    public IReadOnlyList<Outcome> Outcomes { get; } = outcomes;
    public TimeSpan Elapsed { get; } = elapsed;
    /// <summary>Wall-clock time of tick 0, to compare with timestamps written by the pipeline's processes.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    public IEnumerable<string> AcceptedOrderIds => Outcomes.Where(o => o.Status == 202 && o.OrderId is not null).Select(o => o.OrderId!);

    public int Accepted => Outcomes.Count(o => o.Status == 202);

    public int Failed => Outcomes.Count - Accepted;

    public DateTimeOffset DueAt(Outcome outcome) => StartedAt + TimeSpan.FromTicks(outcome.DueTicks * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency);

    public Latencies LatencyOf(Func<Outcome, bool> where) =>
        Latencies.FromTicks(Outcomes.Where(o => o.Status == 202 && where(o)).Select(o => o.LatencyTicks));
}
