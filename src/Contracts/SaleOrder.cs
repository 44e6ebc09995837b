namespace OrderPipeline.Contracts;

/// <summary>
/// An order for a product of a running sale: queued in the sale lane (queue <c>orders-sale</c>), apart from ordinary orders, and
/// decided at the sale's admission pace in the order of <see cref="Ticket"/>. Not a subtype of <see cref="SubmitOrder"/> on purpose:
/// MassTransit would route a subtype to the ordinary lane as well.
/// </summary>
public record SaleOrder
{
    public required SubmitOrder Order { get; init; }
    public required string SaleId { get; init; }
    /// <summary>The order's place in the sale's line, from the block of numbers its intake instance holds.</summary>
    public required long Ticket { get; init; }
}
