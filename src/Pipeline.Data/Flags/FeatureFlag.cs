using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class FeatureFlagConfiguration : IEntityTypeConfiguration<FeatureFlag>
{
    public void Configure(EntityTypeBuilder<FeatureFlag> builder)
    {
        builder.ToTable("feature_flags");
        builder.HasKey(f => f.Name);
        builder.Property(f => f.Name).HasMaxLength(128);
        builder.Property(f => f.Description).HasMaxLength(1000);
        builder.Property(f => f.UpdatedBy).HasMaxLength(128);
        builder.Property(f => f.Reason).HasMaxLength(1000);
    }
}

internal sealed class FeatureFlagChangeConfiguration : IEntityTypeConfiguration<FeatureFlagChange>
{
    public void Configure(EntityTypeBuilder<FeatureFlagChange> builder)
    {
        builder.ToTable("feature_flag_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.Name).HasMaxLength(128);
        builder.Property(c => c.Actor).HasMaxLength(128);
        builder.Property(c => c.Reason).HasMaxLength(1000);
        builder.HasIndex(c => new { c.Name, c.Id });
    }
}
