using MassTransit;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Decides orders in batches (one transaction per batch, in delivery order), then publishes each order's
/// follow-up. The batch is acked only after both, so a crash between commit and publish means a redelivery,
/// which finds the committed rows and publishes the same follow-ups (same message ids) again. Each order's pricing
/// rule comes from flag <c>Business.PricingV2</c>, asked for its customer (read from memory, not the database).
/// </summary>
public sealed class SubmitOrderConsumer(OrderBook book, IFeatureManager features, ILogger<SubmitOrderConsumer> logger) : IConsumer<Batch<SubmitOrder>>
{
    public async Task Consume(ConsumeContext<Batch<SubmitOrder>> context)
    {
        var batch = context.Message.Select(m => (m.Message, m.MessageId)).ToList();
        var pricing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (order, _) in batch)
        {
            if (order?.OrderId is { } id && order.CustomerId is { } customer && !pricing.ContainsKey(id))
            {
                pricing[id] = await features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = customer }) ? Pricing.V2 : Pricing.V1;
            }
        }

        var outcome = await book.DecideAsync(batch, context.CancellationToken, pricing);

        await Task.WhenAll(outcome.FollowUps.Select(followUp =>
            context.Publish(followUp, ctx => ctx.MessageId = FollowUps.MessageId(followUp), context.CancellationToken)));

        logger.LogDebug("Decided {Count} orders: {Confirmed} confirmed, {Rejected} rejected, {Duplicates} duplicates, {Conflicts} conflicts",
            batch.Count, outcome.Confirmed, outcome.Rejected, outcome.Duplicates, outcome.Conflicts);
    }
}
