using System.Security.Cryptography;
using System.Text;
using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

public static class FollowUps
{
    public static object For(Decision decision, DateTimeOffset now) => decision switch
    {
        Confirm c => new OrderConfirmed
        {
            OrderId = c.Order.OrderId, CustomerId = c.Order.CustomerId, SellerId = c.Order.SellerId, Items = c.Lines,
            Total = c.Total, Currency = c.Currency, Contact = c.Order.Contact, ConfirmedAt = now,
        },
        Reject r => new OrderRejected
        {
            OrderId = r.Order.OrderId, CustomerId = r.Order.CustomerId ?? "", SellerId = r.Order.SellerId ?? "", Reason = r.Reason,
            Contact = r.Order.Contact ?? new ContactInfo(), RejectedAt = now,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    /// <summary>
    /// The same follow-up always carries the same message id, so a republish after a redelivery is recognisably
    /// the same message downstream.
    /// </summary>
    public static Guid MessageId(object followUp)
    {
        var (kind, orderId) = followUp switch
        {
            OrderConfirmed c => ("OrderConfirmed", c.OrderId),
            OrderRejected r => ("OrderRejected", r.OrderId),
            _ => throw new ArgumentOutOfRangeException(nameof(followUp)),
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{orderId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
