using OrderPipeline.Contracts;
using OrderPipeline.Data.Orders;

namespace OrderPipeline.Business.Orders;

/// <summary>An order already decided: a redelivery of its message gets the same follow-ups again.</summary>
public sealed record OrderRow(
    string OrderId, string CustomerId, string SellerId, string Status, string? RejectionReason, decimal? Total, string? Currency,
    string? Email, string? Phone, string RequestHash, DateTimeOffset UpdatedAt, List<PricedOrderLine> Lines)
{
    /// <summary>Anything but Rejected (Confirmed, Delayed, Shipped...) is a confirmed order, told as confirmed again.</summary>
    public DecidedOrder ToDecided() => new(OrderId, CustomerId, SellerId, Status != OrderStatus.Rejected, RejectionReason, Lines, Total ?? 0,
        Currency ?? "", new ContactInfo { Email = Email, Phone = Phone }, UpdatedAt);
}
