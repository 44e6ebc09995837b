using System.Text.Json;

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
