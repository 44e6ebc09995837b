namespace OrderPipeline.Data.Flags;

/// <summary>One flip: who, when, from what to what, and why.</summary>
public sealed class FeatureFlagChange
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public bool OldEnabled { get; set; }
    public bool NewEnabled { get; set; }
    public int? OldRolloutPercentage { get; set; }
    public int? NewRolloutPercentage { get; set; }
    public required string Reason { get; set; }
    public long Version { get; set; }
}
