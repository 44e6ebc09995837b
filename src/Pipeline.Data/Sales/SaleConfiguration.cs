using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sales;

internal sealed class SaleConfiguration : IEntityTypeConfiguration<Sale>
{
    public void Configure(EntityTypeBuilder<Sale> builder)
    {
        builder.ToTable("sales", t =>
        {
            t.HasCheckConstraint("ck_sales_window", "starts_at < ends_at");
            t.HasCheckConstraint("ck_sales_admission", "admission_per_second IS NULL OR admission_per_second > 0");
        });
        builder.HasKey(s => s.SaleId);
        builder.Property(s => s.SaleId).HasMaxLength(64);
        builder.Property(s => s.SellerId).HasMaxLength(64);
        builder.HasIndex(s => s.SellerId);
        // The intake and the workers read the sales that have not ended; the scaling plan the ones still to come.
        builder.HasIndex(s => s.EndsAt);
    }
}
