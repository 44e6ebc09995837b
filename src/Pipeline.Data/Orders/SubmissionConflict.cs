namespace OrderPipeline.Data.Orders;

/// <summary>
/// An order message that reused an idempotency key with a different body. The first order stands; this row
/// is the record that the second was refused (<c>IdempotencyConflict</c>), for support and audit.
/// </summary>
public sealed class SubmissionConflict
{
    public long Id { get; set; }
    public required string OrderId { get; set; }
    public required string RequestHash { get; set; }
    public Guid? MessageId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
