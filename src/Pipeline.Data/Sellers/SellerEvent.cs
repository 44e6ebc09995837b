namespace OrderPipeline.Data.Sellers;

/// <summary>
/// One event of a seller's real-time feed (new confirmed orders, delay progress). The id orders the feed and is the
/// Server-Sent Events id a reconnecting client resumes from; rows are kept an hour.
/// </summary>
public sealed class SellerEvent
{
    public long Id { get; set; }
    public required string SellerId { get; set; }
    public required string Type { get; set; }
    /// <summary>The event's JSON.</summary>
    public required string Data { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Set for events that happen once (an order confirmed, a delay done): appending one again does nothing.</summary>
    public string? DedupeKey { get; set; }
}
