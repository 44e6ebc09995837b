using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sellers;

internal sealed class DelayChunkConfiguration : IEntityTypeConfiguration<DelayChunk>
{
    public void Configure(EntityTypeBuilder<DelayChunk> builder)
    {
        builder.ToTable("delay_chunks");
        builder.HasKey(c => new { c.DelayId, c.Chunk });
        builder.Property(c => c.Channel).HasMaxLength(16);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.HasIndex(c => c.DeferredUntil).HasFilter("status = 'Deferred'");
        builder.HasIndex(c => c.ClaimedAt).HasFilter("status = 'Sending'");
    }
}
