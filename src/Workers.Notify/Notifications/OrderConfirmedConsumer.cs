using System.Text.Json;
using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>Tells the shopper their order is confirmed, and the seller (on their webhook) that they have a new order.</summary>
public sealed class OrderConfirmedConsumer(Notifier notifier, NotificationLedger ledger, IShopperChannel shoppers, SellerWebhookChannel webhooks)
    : IConsumer<OrderConfirmed>
{
    public const string ShopperKind = "OrderConfirmed";
    public const string SellerKind = "NewOrder";
    public const string WebhookChannel = "webhook";

    public async Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var m = context.Message;
        var total = ShopperNotices.Money(m.Total, m.Currency);
        var jobs = ShopperNotices.Jobs(shoppers, m.OrderId, ShopperKind, m.Contact,
            $"Order {m.OrderId} confirmed", $"Your order {m.OrderId} is confirmed: {m.Items.Count} item(s), {total}.").ToList();

        var sellerKey = ShopperNotices.Key(m.OrderId, SellerKind, WebhookChannel);
        var webhook = await ledger.FindWebhookAsync(m.SellerId, context.CancellationToken);
        if (webhook is { } hook)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                @event = "order.confirmed",
                orderId = m.OrderId,
                sellerId = m.SellerId,
                customerId = m.CustomerId,
                items = m.Items.Select(i => new { productId = i.ProductId, name = i.Name, quantity = i.Quantity, unitPrice = i.UnitPrice }),
                total = m.Total,
                currency = m.Currency,
                confirmedAt = m.ConfirmedAt,
            });
            jobs.Add(new Notifier.Job(sellerKey, m.OrderId, SellerKind, WebhookChannel,
                ct => webhooks.SendAsync(new SellerEvent(sellerKey, "order.confirmed", hook.Url, hook.Secret, body), ct)));
        }
        else
        {
            await ledger.RecordSkippedAsync(sellerKey, m.OrderId, SellerKind, WebhookChannel, "The seller has no webhook.", context.CancellationToken);
        }

        await notifier.SendAllAsync(jobs, context.CancellationToken);
    }
}
