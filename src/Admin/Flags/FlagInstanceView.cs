namespace OrderPipeline.Admin.Flags;

/// <param name="State"><c>Applied</c>, <c>Pending</c> (not yet, still within the deadline) or <c>Late</c> (named in the laggards).</param>
/// <param name="TookSeconds">From the flip to this instance applying it; null if it started after the flip or has applied a later one since.</param>
public sealed record FlagInstanceView(string Instance, string Service, string Host, int ProcessId, string State, long AppliedVersion,
    DateTimeOffset AppliedAt, double? TookSeconds, DateTimeOffset HeartbeatAt, long DatabaseReads, string[] PausedQueues);
