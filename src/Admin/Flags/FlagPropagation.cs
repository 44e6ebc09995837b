namespace OrderPipeline.Admin.Flags;

/// <summary>Who has applied the flag's current version: every live process reports the version it applied and when.</summary>
public sealed record FlagPropagation(long Version, int Live, int Applied, double? SlowestSeconds, double DeadlineSeconds, string Summary,
    IReadOnlyList<string> Laggards, IReadOnlyList<FlagInstanceView> Instances);
