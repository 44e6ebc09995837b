namespace OrderPipeline.Admin.Flags;

public sealed record FlagChangeView(long Version, DateTimeOffset At, string Actor, bool OldEnabled, bool NewEnabled, int? OldRolloutPercentage,
    int? NewRolloutPercentage, string Reason);
