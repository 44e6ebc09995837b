namespace OrderPipeline.Hosting.Flags;

public sealed record FlagState(string Name, bool Enabled, int? RolloutPercentage, long Version);
