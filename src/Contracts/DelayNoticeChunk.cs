namespace OrderPipeline.Contracts;

/// <summary>
/// One chunk of a delay's notices (a row of <c>delay_chunks</c>: its orders, recipients and status), sent as one bulk request.
/// A redelivered chunk finds its row sent and sends nothing.
/// </summary>
public record DelayNoticeChunk
{
    public required Guid DelayId { get; init; }
    public required string SellerId { get; init; }
    public required string ProductId { get; init; }
    public required DateOnly NewShipDate { get; init; }
    public required string Reason { get; init; }
    public required int Chunk { get; init; }
}
