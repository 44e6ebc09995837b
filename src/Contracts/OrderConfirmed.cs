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
    /// <summary>
    /// The order's own trace (W3C <c>traceparent</c> of its consume span): this message carries a batch of orders in the batch's
    /// trace, and each order's notice is recorded in its order's trace as well.
    /// </summary>
    public string? TraceParent { get; init; }
}
