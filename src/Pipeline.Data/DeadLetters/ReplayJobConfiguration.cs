using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

internal sealed class ReplayJobConfiguration : IEntityTypeConfiguration<ReplayJob>
{
    public void Configure(EntityTypeBuilder<ReplayJob> builder)
    {
        builder.ToTable("replay_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).UseIdentityAlwaysColumn();
        builder.Property(j => j.RequestedBy).HasMaxLength(128);
        builder.Property(j => j.Selection).HasColumnType("jsonb");
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.CancelledBy).HasMaxLength(128);
        builder.Property(j => j.LeaseOwner).HasMaxLength(128);
        builder.Property(j => j.NotReplayed).HasDefaultValue(0);
        builder.HasIndex(j => j.Status);
    }
}
