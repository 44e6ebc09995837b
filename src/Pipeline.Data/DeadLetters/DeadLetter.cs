using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

/// <summary>
/// A message that failed for good, moved out of an error queue so that people can see, group, replay or
/// discard it. The body is stored byte for byte as it was received; <see cref="DedupeKey"/> makes a second
/// move of the same message (after a crash between commit and ack) a no-op.
/// </summary>
public sealed class DeadLetter
{
    public long Id { get; set; }
    public required string DedupeKey { get; set; }
    public required string Queue { get; set; }
    public required string SourceQueue { get; set; }
    public required string Kind { get; set; }
    public string? MessageType { get; set; }
    public string? MessageId { get; set; }
    public string? CorrelationId { get; set; }
    public string? OrderId { get; set; }
    public string? SellerId { get; set; }
    public required byte[] Body { get; set; }
    public string? ContentType { get; set; }
    public required JsonDocument Headers { get; set; }
    public string? ExceptionType { get; set; }
    public string? ExceptionMessage { get; set; }
    public string? StackTrace { get; set; }
    public string? ConsumerType { get; set; }
    public int RetryCount { get; set; }
    public DateTimeOffset? FirstFailedAt { get; set; }
    public DateTimeOffset MovedAt { get; set; }
    public required string Fingerprint { get; set; }
    public string? ParseError { get; set; }
    public required string Status { get; set; }
    /// <summary>The earlier row of the same message that was replayed and failed again as this one.</summary>
    public long? ReplayOf { get; set; }
    /// <summary>The bulk replay that sent this row back, if one did.</summary>
    public long? ReplayJobId { get; set; }
    /// <summary>Why the last replay could not send it (its queue no longer exists...); the row stays <c>New</c>.</summary>
    public string? ReplayError { get; set; }
    public DateTimeOffset? ReplayErrorAt { get; set; }
    public DateTimeOffset? ReplayedAt { get; set; }
    public string? ReplayedBy { get; set; }
    public DateTimeOffset? DiscardedAt { get; set; }
    public string? DiscardedBy { get; set; }
    public string? DiscardReason { get; set; }
}

public static class DeadLetterKinds
{
    /// <summary>Failed every retry; MassTransit moved it to the queue's <c>_error</c> queue with fault headers.</summary>
    public const string Faulted = "Faulted";
    /// <summary>Killed its consumer too often (process crash mid-message); the quorum queue's delivery limit dead-lettered it.</summary>
    public const string DeliveryLimit = "DeliveryLimit";
    /// <summary>No consumer on its queue takes its message type; MassTransit moved it to the queue's <c>_skipped</c> queue.</summary>
    public const string Skipped = "Skipped";
}

public static class DeadLetterStatus
{
    public const string New = "New";
    public const string Replayed = "Replayed";
    public const string Discarded = "Discarded";
}

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> builder)
    {
        builder.ToTable("dead_letters");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.DedupeKey).HasMaxLength(64);
        builder.HasIndex(d => d.DedupeKey).IsUnique();
        builder.Property(d => d.Queue).HasMaxLength(255);
        builder.Property(d => d.SourceQueue).HasMaxLength(255);
        builder.Property(d => d.Kind).HasMaxLength(16);
        builder.Property(d => d.MessageType).HasMaxLength(512);
        builder.Property(d => d.MessageId).HasMaxLength(128);
        builder.Property(d => d.CorrelationId).HasMaxLength(128);
        builder.Property(d => d.OrderId).HasMaxLength(64);
        builder.Property(d => d.SellerId).HasMaxLength(64);
        builder.Property(d => d.ContentType).HasMaxLength(128);
        builder.Property(d => d.Headers).HasColumnType("jsonb");
        builder.Property(d => d.ExceptionType).HasMaxLength(512);
        builder.Property(d => d.ConsumerType).HasMaxLength(512);
        builder.Property(d => d.Fingerprint).HasMaxLength(64);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.HasIndex(d => new { d.Status, d.Id });
        builder.HasIndex(d => d.Fingerprint);
        builder.HasIndex(d => d.OrderId);
        builder.HasIndex(d => d.SellerId);
        builder.HasIndex(d => d.MessageId);
        builder.HasIndex(d => d.ReplayJobId);
        builder.HasIndex(d => d.ReplayOf);
        builder.Property(d => d.ReplayedBy).HasMaxLength(128);
        builder.Property(d => d.DiscardedBy).HasMaxLength(128);
        builder.Property(d => d.DiscardReason).HasMaxLength(1000);
        builder.Property(d => d.ReplayError).HasMaxLength(1000);
    }
}
