using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Hosting.Telemetry;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Queue <c>notify-webhook</c>: tells sellers of a decision batch's new orders, on their webhooks. One claim and one webhook lookup
/// for the whole batch; the calls run side by side (each seller host within its own limits, <see cref="SellerWebhookChannel"/>);
/// one record of how each ended. A webhook refused for good becomes a dead letter of its own. If any is worth retrying, the
/// message is retried later (the ledger skips what was sent), counted against no other seller: every webhook failure is its
/// seller's (isolated), and a busy host only defers it.
/// </summary>
public sealed class SellerNewOrdersConsumer(NotificationLedger ledger, SellerWebhookChannel webhooks, ErrorQueue errors, IOptions<NotifyOptions> options,
    NoticeMetrics metrics, ILogger<SellerNewOrdersConsumer> logger) : IConsumer<SellerNewOrders>
{
    public const string Kind = "NewOrder";
    public const string Channel = "webhook";

    public async Task Consume(ConsumeContext<SellerNewOrders> context)
    {
        var orders = context.Message.Orders;
        MalformedMessageException.ThrowIfMissing(nameof(SellerNewOrders), ("Orders", orders));
        foreach (var order in orders)
        {
            OrderMessages.Check(order);
        }

        var byKey = orders.DistinctBy(o => o.OrderId).ToDictionary(o => ShopperNotices.Key(o.OrderId, Kind, Channel), StringComparer.Ordinal);
        var replay = context.ReceiveContext.TransportHeaders.TryGetHeader(ReplayEnvelope.ReplayOfHeader, out _);
        var claim = await ledger.ClaimAsync(byKey.Select(o => new LedgerEntry(o.Key, o.Value.OrderId, Kind, Channel)).ToList(), replay, context.CancellationToken);
        var claimed = claim.Claimed.Select(k => (Key: k, Order: byKey[k])).ToList();
        var hooks = claimed.Count == 0 ? [] : await ledger.FindWebhooksAsync(claimed.Select(c => c.Order.SellerId).Distinct(StringComparer.Ordinal).ToList(),
            context.CancellationToken);

        var outcomes = new (string Key, NoticeOutcome Outcome, string? Error, Exception? Fault)[claimed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Webhooks.MaxConcurrentPerBatch, CancellationToken = context.CancellationToken },
            async (i, ct) => outcomes[i] = await SendAsync(claimed[i].Key, claimed[i].Order, hooks, ct));
        foreach (var outcome in outcomes)
        {
            metrics.Notices(Channel, outcome.Outcome);
        }

        // Each refused webhook into the error queue first, then the record: a webhook is never marked Failed without its dead letter.
        foreach (var failed in outcomes.Where(o => o.Outcome == NoticeOutcome.Failed))
        {
            var order = byKey[failed.Key];
            await errors.MoveAsync(PipelineQueues.NotifyWebhook, new SellerNewOrders { Orders = [order] }, context,
                typeof(SellerNewOrdersConsumer).FullName!, failed.Fault!, CancellationToken.None, order.TraceParent);
        }

        await RecordRetry.Pipeline.ExecuteAsync(async ct => await ledger.RecordAsync(outcomes.Select(o => (o.Key, o.Outcome, o.Error)).ToList(), ct),
            CancellationToken.None);

        var retries = outcomes.Where(o => o.Outcome == NoticeOutcome.Retry).ToList();
        if (retries.Count > 0)
        {
            logger.LogWarning("{Count} of {Total} seller webhooks not sent yet: {Error}", retries.Count, claimed.Count, retries[0].Error);
            // Every webhook failure is one seller's own; a batch whose only trouble is busy hosts waits without using an attempt.
            throw retries.All(r => r.Fault is SellerHostBusyException)
                ? new SellerHostBusyException($"{retries.Count} webhooks' hosts")
                : new ProviderException($"{retries.Count} of {claimed.Count} seller webhooks not sent: {retries[0].Error}", permanent: false, isolated: true);
        }

        if (claim.InFlight.Count > 0)
        {
            throw new NotificationInFlightException(claim.InFlight.First());
        }
    }

    async Task<(string, NoticeOutcome, string?, Exception?)> SendAsync(string key, OrderConfirmed order,
        Dictionary<string, (string Url, string Secret)> hooks, CancellationToken cancellationToken)
    {
        if (!hooks.TryGetValue(order.SellerId, out var hook))
        {
            return (key, NoticeOutcome.Skipped, "The seller has no webhook.", null);
        }

        // The call is a span of the order's own trace (its HTTP request a child of it), linked to the batch message's consume.
        using var span = PipelineTelemetry.StartInTrace("notify webhook", ActivityKind.Client, order.TraceParent, order.OrderId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await webhooks.SendAsync(new SellerEvent(key, "order.confirmed", hook.Url, hook.Secret, Body(order)), cancellationToken);
            metrics.ProviderAnswered(Channel, started);
            span?.SetTag("orderpipeline.outcome", nameof(NoticeOutcome.Sent));
            return (key, NoticeOutcome.Sent, null, null);
        }
        catch (Exception e) when (e is ProviderException or SellerHostBusyException)
        {
            metrics.ProviderAnswered(Channel, started);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            var permanent = e is ProviderException { Permanent: true };
            if (e is not SellerHostBusyException)
            {
                logger.LogWarning("Order {OrderId}: webhook to seller {SellerId} {Outcome}: {Error}", order.OrderId, order.SellerId,
                    permanent ? "refused" : "not sent", e.Message);
            }

            return (key, permanent ? NoticeOutcome.Failed : NoticeOutcome.Retry, e.Message, e);
        }
    }

    static byte[] Body(OrderConfirmed m) => JsonSerializer.SerializeToUtf8Bytes(new
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
}
