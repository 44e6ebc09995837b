namespace OrderPipeline.Contracts;

/// <summary>New rows in a seller's feed (<c>seller_events</c>): every API instance wakes the seller's open streams.</summary>
public record SellerEventsAppended
{
    public required string SellerId { get; init; }
    public required long LastId { get; init; }
}
