using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// What one decision batch tells whom, in one typed place: each decided order's shopper notice on every channel it has an
/// address for (one message per channel per batch), its seller's webhook if the seller has one, and its seller's feed. A
/// redelivered order gets the same follow-ups again; the notification ledger and the feed's dedupe keys see they were sent.
/// </summary>
public sealed class FollowUps
{
    public List<ShopperNotice> Emails { get; } = [];
    public List<ShopperNotice> Texts { get; } = [];
    public List<OrderConfirmed> SellerOrders { get; } = [];
    public List<OrderConfirmed> Feed { get; } = [];

    /// <param name="traceParents">Each order's own trace, carried by its notices (<see cref="ShopperNotice.TraceParent"/>).</param>
    public static FollowUps For(IEnumerable<DecidedOrder> orders, IReadOnlySet<string> sellersWithWebhooks,
        IReadOnlyDictionary<string, string>? traceParents = null)
    {
        var followUps = new FollowUps();
        // An order delivered twice within one batch is told once.
        foreach (var order in orders.DistinctBy(o => o.OrderId))
        {
            var trace = traceParents?.GetValueOrDefault(order.OrderId);
            if (order.Contact.Email is { Length: > 0 } email)
            {
                followUps.Emails.Add(Notice(order, email, trace));
            }

            if (order.Contact.Phone is { Length: > 0 } phone)
            {
                followUps.Texts.Add(Notice(order, phone, trace));
            }

            if (order.Confirmed)
            {
                var confirmed = order.ToConfirmed() with { TraceParent = trace };
                followUps.Feed.Add(confirmed);
                if (sellersWithWebhooks.Contains(order.SellerId))
                {
                    followUps.SellerOrders.Add(confirmed);
                }
            }
        }

        return followUps;
    }

    /// <summary>
    /// Publishes each channel's message (none for an empty channel), <c>mandatory</c>: a notice no queue would take is an error,
    /// not a silent loss. The feed's wake-up is not mandatory (no API instance may be running).
    /// </summary>
    public Task PublishAsync(IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var publishes = new List<Task>(4);
        if (Emails.Count > 0)
        {
            publishes.Add(bus.Publish(new ShopperEmails { Notices = Emails }, Mandatory<ShopperEmails>, cancellationToken));
        }

        if (Texts.Count > 0)
        {
            publishes.Add(bus.Publish(new ShopperTexts { Notices = Texts }, Mandatory<ShopperTexts>, cancellationToken));
        }

        if (SellerOrders.Count > 0)
        {
            publishes.Add(bus.Publish(new SellerNewOrders { Orders = SellerOrders }, Mandatory<SellerNewOrders>, cancellationToken));
        }

        if (Feed.Count > 0)
        {
            publishes.Add(bus.Publish(new SellerFeedsAppended { SellerIds = Feed.Select(o => o.SellerId).Distinct(StringComparer.Ordinal).ToList() },
                cancellationToken));
        }

        return Task.WhenAll(publishes);
    }

    static void Mandatory<T>(PublishContext<T> context)
        where T : class => context.Mandatory = true;

    static ShopperNotice Notice(DecidedOrder order, string to, string? traceParent) => new()
    {
        TraceParent = traceParent,
        OrderId = order.OrderId,
        Kind = order.Confirmed ? NoticeKinds.OrderConfirmed : NoticeKinds.OrderRejected,
        To = to,
        ItemCount = order.Lines.Count,
        Total = order.Confirmed ? order.Total : null,
        Currency = order.Confirmed ? order.Currency : null,
        Reason = order.Reason,
    };
}
