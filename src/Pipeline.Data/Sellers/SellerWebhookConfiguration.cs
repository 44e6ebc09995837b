using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sellers;

internal sealed class SellerWebhookConfiguration : IEntityTypeConfiguration<SellerWebhook>
{
    public void Configure(EntityTypeBuilder<SellerWebhook> builder)
    {
        builder.ToTable("seller_webhooks");
        builder.HasKey(w => w.SellerId);
        builder.Property(w => w.SellerId).HasMaxLength(64);
        builder.Property(w => w.Url).HasMaxLength(2048);
        builder.Property(w => w.Secret).HasMaxLength(256);
    }
}
