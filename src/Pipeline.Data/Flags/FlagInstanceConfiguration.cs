using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Flags;

internal sealed class FlagInstanceConfiguration : IEntityTypeConfiguration<FlagInstance>
{
    public void Configure(EntityTypeBuilder<FlagInstance> builder)
    {
        builder.ToTable("flag_instances");
        builder.HasKey(i => i.InstanceId);
        builder.Property(i => i.InstanceId).HasMaxLength(200);
        builder.Property(i => i.Service).HasMaxLength(100);
        builder.Property(i => i.Host).HasMaxLength(255);
        builder.Property(i => i.StoppedQueues).HasDefaultValueSql("'{}'::text[]");
        builder.HasIndex(i => i.HeartbeatAt);
    }
}
