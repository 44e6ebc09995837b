namespace OrderPipeline.Admin.Flags;

public sealed record FlagView(string Name, bool Enabled, int? RolloutPercentage, string Description, long Version, DateTimeOffset? UpdatedAt,
    string? UpdatedBy, string? Reason, FlagPropagation? Propagation = null);
