using System.Text.Json;
using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// One consumer, and so one queue, per channel: an order's e-mail, text message and seller webhook are three
/// deliveries of the same event, so a slow or paused channel never holds back another, and each channel can be
/// switched off (its endpoint stops; the messages wait in its queue) on its own.
/// </summary>
public abstract class ShopperChannelConsumer(Notifier notifier, IShopperChannel gateway, string channel)
    : IConsumer<OrderConfirmed>, IConsumer<OrderRejected>
{
    public const string ConfirmedKind = "OrderConfirmed";
    public const string RejectedKind = "OrderRejected";

    public Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var m = context.Message;
        OrderMessages.Check(m);
        var total = ShopperNotices.Money(m.Total, m.Currency);
        return SendAsync(m.OrderId, ConfirmedKind, m.Contact, $"Order {m.OrderId} confirmed",
            $"Your order {m.OrderId} is confirmed: {m.Items.Count} item(s), {total}.", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<OrderRejected> context)
    {
        var m = context.Message;
        MalformedMessageException.ThrowIfMissing(nameof(OrderRejected), ("OrderId", m.OrderId), ("Contact", m.Contact));
        var why = m.Reason switch
        {
            RejectionReasons.OutOfStock => "an item is out of stock",
            RejectionReasons.UnknownProduct => "an item is no longer sold",
            _ => "it could not be processed",
        };
        return SendAsync(m.OrderId, RejectedKind, m.Contact, $"Order {m.OrderId} not accepted",
            $"Sorry, your order {m.OrderId} was not accepted: {why}. You were not charged.", context.CancellationToken);
    }

    Task SendAsync(string orderId, string kind, ContactInfo? contact, string subject, string text, CancellationToken cancellationToken)
    {
        var to = ShopperNotices.Address(contact, channel);
        return to is null
            ? Task.CompletedTask
            : notifier.SendAsync(ShopperNotices.Job(gateway, orderId, kind, channel, to, channel == ShopperChannels.Email ? subject : null, text), cancellationToken);
    }
}

/// <summary>Queue <c>notify-email</c>: the shopper's e-mails.</summary>
public sealed class EmailConsumer(Notifier notifier, IShopperChannel gateway) : ShopperChannelConsumer(notifier, gateway, ShopperChannels.Email);

/// <summary>Queue <c>notify-sms</c>: the shopper's text messages.</summary>
public sealed class SmsConsumer(Notifier notifier, IShopperChannel gateway) : ShopperChannelConsumer(notifier, gateway, ShopperChannels.Sms);

/// <summary>Queue <c>notify-webhook</c>: tells the seller, on their webhook, that they have a new order.</summary>
public sealed class SellerWebhookConsumer(Notifier notifier, NotificationLedger ledger, SellerWebhookChannel webhooks) : IConsumer<OrderConfirmed>
{
    public const string SellerKind = "NewOrder";
    public const string WebhookChannel = "webhook";

    public async Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var m = context.Message;
        OrderMessages.Check(m);
        var key = ShopperNotices.Key(m.OrderId, SellerKind, WebhookChannel);
        if (await ledger.FindWebhookAsync(m.SellerId, context.CancellationToken) is not { } hook)
        {
            await ledger.RecordSkippedAsync(key, m.OrderId, SellerKind, WebhookChannel, "The seller has no webhook.", context.CancellationToken);
            return;
        }

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
        await notifier.SendAsync(new Notifier.Job(key, m.OrderId, SellerKind, WebhookChannel,
            ct => webhooks.SendAsync(new SellerEvent(key, "order.confirmed", hook.Url, hook.Secret, body), ct)), context.CancellationToken);
    }
}

public static class OrderMessages
{
    /// <summary>An order confirmation from elsewhere that lacks what every notice needs is a dead letter at once, not a retry loop.</summary>
    public static void Check(OrderConfirmed m) => MalformedMessageException.ThrowIfMissing(nameof(OrderConfirmed),
        ("OrderId", m.OrderId), ("CustomerId", m.CustomerId), ("SellerId", m.SellerId), ("Items", m.Items), ("Contact", m.Contact), ("Currency", m.Currency));
}
