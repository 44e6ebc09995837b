namespace OrderPipeline.Contracts;

/// <summary>Stock was reserved and the order committed; the shopper and the seller are to be told.</summary>
public record OrderConfirmed
{
    public required string OrderId { get; init; }
    public required string CustomerId { get; init; }
    public required string SellerId { get; init; }
    public required IReadOnlyList<PricedOrderLine> Items { get; init; }
    public required decimal Total { get; init; }
    public required string Currency { get; init; }
    public required ContactInfo Contact { get; init; }
    public required DateTimeOffset ConfirmedAt { get; init; }
}
