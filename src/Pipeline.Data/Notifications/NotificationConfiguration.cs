using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.IdempotencyKey);
        builder.Property(n => n.IdempotencyKey).HasMaxLength(160);
        builder.Property(n => n.OrderId).HasMaxLength(64);
        builder.Property(n => n.Kind).HasMaxLength(32);
        builder.Property(n => n.Channel).HasMaxLength(16);
        builder.Property(n => n.Status).HasMaxLength(16);
        builder.Property(n => n.LastError).HasMaxLength(1000);
        builder.HasIndex(n => n.OrderId);
    }
}
