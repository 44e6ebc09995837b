using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

public static class OrderMessages
{
    /// <summary>An order confirmation from elsewhere that lacks what every notice needs is a dead letter at once, not a retry loop.</summary>
    public static void Check(OrderConfirmed m) => MalformedMessageException.ThrowIfMissing(nameof(OrderConfirmed),
        ("OrderId", m.OrderId), ("CustomerId", m.CustomerId), ("SellerId", m.SellerId), ("Items", m.Items), ("Contact", m.Contact), ("Currency", m.Currency));
}
