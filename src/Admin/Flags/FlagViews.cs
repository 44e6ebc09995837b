namespace OrderPipeline.Admin.Flags;

public sealed record FlagView(string Name, bool Enabled, int? RolloutPercentage, string Description, long Version, DateTimeOffset? UpdatedAt,
    string? UpdatedBy, string? Reason, FlagPropagation? Propagation = null);

/// <summary>Who has applied the flag's current version: every live process reports the version it applied and when.</summary>
public sealed record FlagPropagation(long Version, int Live, int Applied, double? SlowestSeconds, double DeadlineSeconds, string Summary,
    IReadOnlyList<string> Laggards, IReadOnlyList<FlagInstanceView> Instances);

/// <param name="State"><c>Applied</c>, <c>Pending</c> (not yet, still within the deadline) or <c>Late</c> (named in the laggards).</param>
/// <param name="TookSeconds">From the flip to this instance applying it; null if it started after the flip or has applied a later one since.</param>
public sealed record FlagInstanceView(string Instance, string Service, string Host, int ProcessId, string State, long AppliedVersion,
    DateTimeOffset AppliedAt, double? TookSeconds, DateTimeOffset HeartbeatAt, long DatabaseReads, string[] PausedQueues);

public sealed record FlagUpdate(bool? Enabled, string? Reason, int? RolloutPercentage);

public sealed record FlagChangeView(long Version, DateTimeOffset At, string Actor, bool OldEnabled, bool NewEnabled, int? OldRolloutPercentage,
    int? NewRolloutPercentage, string Reason);
