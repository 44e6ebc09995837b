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
