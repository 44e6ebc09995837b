using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sellers;

internal sealed class SellerApiKeyConfiguration : IEntityTypeConfiguration<SellerApiKey>
{
    public void Configure(EntityTypeBuilder<SellerApiKey> builder)
    {
        builder.ToTable("seller_api_keys");
        builder.HasKey(k => k.KeyHash);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.KeyId).HasMaxLength(32);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.Property(k => k.SellerId).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(200);
        builder.Property(k => k.RevokedBy).HasMaxLength(200);
        builder.HasIndex(k => k.SellerId);
    }
}
