using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Orders;

internal sealed class OrderItemConfiguration : IEntityTypeConfiguration<OrderItem>
{
    public void Configure(EntityTypeBuilder<OrderItem> builder)
    {
        builder.ToTable("order_items");
        builder.HasKey(i => new { i.OrderId, i.LineNo });
        builder.Property(i => i.OrderId).HasMaxLength(64);
        builder.Property(i => i.ProductId).HasMaxLength(64);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.UnitPrice).HasPrecision(18, 4);
        // A product's orders in order id order: a delay walks them in slices (keyset on order_id), each slice an index range.
        builder.HasIndex(i => new { i.ProductId, i.OrderId }).HasDatabaseName("ix_order_items_product_id_order_id");
    }
}
