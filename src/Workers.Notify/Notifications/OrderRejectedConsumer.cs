using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>Tells the shopper their order could not be taken, and why.</summary>
public sealed class OrderRejectedConsumer(Notifier notifier, IShopperChannel shoppers) : IConsumer<OrderRejected>
{
    public const string ShopperKind = "OrderRejected";

    public Task Consume(ConsumeContext<OrderRejected> context)
    {
        var m = context.Message;
        var why = m.Reason switch
        {
            RejectionReasons.OutOfStock => "an item is out of stock",
            RejectionReasons.UnknownProduct => "an item is no longer sold",
            _ => "it could not be processed",
        };
        var jobs = ShopperNotices.Jobs(shoppers, m.OrderId, ShopperKind, m.Contact,
            $"Order {m.OrderId} not accepted", $"Sorry, your order {m.OrderId} was not accepted: {why}. You were not charged.").ToList();
        return notifier.SendAllAsync(jobs, context.CancellationToken);
    }
}
