using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Catalogue;

/// <summary>A product and its stock. Product ids are unique across sellers: an order line names only the product.</summary>
public sealed class Product
{
    public required string ProductId { get; set; }
    public required string SellerId { get; set; }
    public required string Name { get; set; }
    public decimal UnitPrice { get; set; }
    public required string Currency { get; set; }
    public int Stock { get; set; }
    /// <summary>When orders for it are expected to ship; copied onto each order when it is confirmed.</summary>
    public DateOnly? ShipDate { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products", t => t.HasCheckConstraint("ck_products_stock_not_negative", "stock >= 0"));
        builder.HasKey(p => p.ProductId);
        builder.Property(p => p.ProductId).HasMaxLength(64);
        builder.Property(p => p.SellerId).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.UnitPrice).HasPrecision(18, 4);
        builder.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        builder.HasIndex(p => p.SellerId);
    }
}
