namespace OrderPipeline.Data.Sellers;

/// <summary>
/// Up to <c>Business:DelayChunkSize</c> notices of one delay on one channel, sent as one bulk request: the chunk's status
/// is each of its orders' notice status (the bulk send accepts or refuses them together), so recording a send is one
/// row, not one per order. <c>(delay_id, chunk)</c> is the idempotency: a redelivered chunk finds itself sent.
/// </summary>
public sealed class DelayChunk
{
    public Guid DelayId { get; set; }
    public int Chunk { get; set; }
    public required string Channel { get; set; }
    public required string[] OrderIds { get; set; }
    public required string[] Recipients { get; set; }
    /// <summary><c>Pending</c>, <c>Sending</c>, <c>Sent</c>, <c>Failed</c> or <c>Deferred</c> (quiet hours).</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>The attempt that claimed it (a fresh id per attempt: a redelivery of the same message is another attempt).</summary>
    public Guid? ClaimedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeferredUntil { get; set; }
    public string? LastError { get; set; }
}
