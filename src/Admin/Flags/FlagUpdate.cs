namespace OrderPipeline.Admin.Flags;

public sealed record FlagUpdate(bool? Enabled, string? Reason, int? RolloutPercentage);
