using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// An order as decided, by this batch or by an earlier delivery of its message: everything its follow-ups are made of. A
/// confirmed order stays confirmed whatever happened to it since (delayed, shipped); only a rejected one is told it was not accepted.
/// </summary>
public sealed record DecidedOrder(
    string OrderId, string CustomerId, string SellerId, bool Confirmed, string? Reason, IReadOnlyList<PricedOrderLine> Lines,
    decimal Total, string Currency, ContactInfo Contact, DateTimeOffset DecidedAt)
{
    public static DecidedOrder From(Decision decision, DateTimeOffset now) => decision switch
    {
        Confirm c => new(c.Order.OrderId, c.Order.CustomerId, c.Order.SellerId, true, null, c.Lines, c.Total, c.Currency, c.Order.Contact, now),
        Reject r => new(r.Order.OrderId, r.Order.CustomerId ?? "", r.Order.SellerId ?? "", false, r.Reason, [], 0, "",
            r.Order.Contact ?? new ContactInfo(), now),
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public OrderConfirmed ToConfirmed() => new()
    {
        OrderId = OrderId, CustomerId = CustomerId, SellerId = SellerId, Items = Lines, Total = Total, Currency = Currency,
        Contact = Contact, ConfirmedAt = DecidedAt,
    };
}
