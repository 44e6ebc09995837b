namespace OrderPipeline.Data.Flags;

/// <summary>
/// A kill switch's state, shared by every process. <see cref="Version"/> comes from one sequence, so the highest version
/// a process has loaded says which flips it has applied.
/// </summary>
public sealed class FeatureFlag
{
    public required string Name { get; set; }
    public bool Enabled { get; set; }
    public required string Description { get; set; }
    /// <summary>When enabled, the share of customers (0-100) it is enabled for; null: everyone.</summary>
    public int? RolloutPercentage { get; set; }
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public string? Reason { get; set; }
}
