using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Notify.Notifications;

/// <summary>Queue <c>notify-feed</c>: a seller's new confirmed orders, onto their real-time feed (once per order).</summary>
public sealed class SellerFeedConsumer(SellerFeed feed) : IConsumer<OrderConfirmed>
{
    public Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var m = context.Message;
        OrderMessages.Check(m);
        return feed.AppendAsync(m.SellerId, "order.confirmed", new
        {
            orderId = m.OrderId,
            customerId = m.CustomerId,
            items = m.Items.Select(i => new { productId = i.ProductId, name = i.Name, quantity = i.Quantity, unitPrice = i.UnitPrice }),
            total = m.Total,
            currency = m.Currency,
            confirmedAt = m.ConfirmedAt,
        }, $"order.confirmed:{m.OrderId}", context.CancellationToken);
    }
}
