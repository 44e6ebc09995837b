using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sellers;

internal sealed class SellerEventConfiguration : IEntityTypeConfiguration<SellerEvent>
{
    public void Configure(EntityTypeBuilder<SellerEvent> builder)
    {
        builder.ToTable("seller_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.SellerId).HasMaxLength(64);
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.Data).HasColumnType("jsonb");
        builder.Property(e => e.DedupeKey).HasMaxLength(200);
        builder.HasIndex(e => new { e.SellerId, e.Id });
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.HasIndex(e => e.At);
    }
}
