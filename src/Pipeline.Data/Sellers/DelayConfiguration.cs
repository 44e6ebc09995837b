using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sellers;

internal sealed class DelayConfiguration : IEntityTypeConfiguration<Delay>
{
    public void Configure(EntityTypeBuilder<Delay> builder)
    {
        builder.ToTable("delays");
        builder.HasKey(d => d.DelayId);
        builder.Property(d => d.SellerId).HasMaxLength(64);
        builder.Property(d => d.ProductId).HasMaxLength(64);
        builder.Property(d => d.Reason).HasMaxLength(500);
        builder.Property(d => d.State).HasMaxLength(16);
        builder.Property(d => d.MarkedThrough).HasMaxLength(64);
        builder.Property(d => d.GroupByShopper).HasDefaultValue(false);
        builder.Property(d => d.NextChunk).HasDefaultValue(0);
        // Declaring the same delay (or the same correction) again finds this row instead of telling the shoppers twice.
        builder.HasIndex(d => new { d.ProductId, d.NewShipDate, d.Reason, d.PlacedFrom, d.PlacedBefore, d.ShipDateFrom, d.ShipDateTo, d.Corrects, d.GroupByShopper })
            .IsUnique().AreNullsDistinct(false).HasDatabaseName("ix_delays_declaration");
        builder.HasIndex(d => new { d.SellerId, d.CreatedAt });
    }
}
