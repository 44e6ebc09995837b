using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Notifications;

/// <summary>
/// One notification to one recipient over one channel. The idempotency key is the primary key: a message
/// delivered twice finds the row already sent, and the key travels to the provider as a header.
/// </summary>
public sealed class Notification
{
    public required string IdempotencyKey { get; set; }
    public required string OrderId { get; set; }
    public required string Kind { get; set; }
    public required string Channel { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class NotificationStatus
{
    public const string Pending = "Pending";
    public const string Sending = "Sending";
    public const string Sent = "Sent";
    public const string Skipped = "Skipped";
    /// <summary>Refused for good by the provider; only a replay of its dead letter sends it again.</summary>
    public const string Failed = "Failed";
}

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
