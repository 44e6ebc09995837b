using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Flags;

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
