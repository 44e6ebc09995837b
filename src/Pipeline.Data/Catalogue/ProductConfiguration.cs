using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Catalogue;

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
