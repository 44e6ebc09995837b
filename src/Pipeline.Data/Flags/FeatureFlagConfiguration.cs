using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Flags;

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
