using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

/// <param name="ShipDate">When the order ships: when its last product does (null if none has a date).</param>
public sealed record Confirm(SubmitOrder Order, IReadOnlyList<PricedOrderLine> Lines, decimal Total, string Currency, string Pricing, DateOnly? ShipDate = null)
    : Decision(Order);
