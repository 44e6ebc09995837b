using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Decides orders in batches (one transaction per batch, in delivery order), then publishes each order's
/// follow-up. The batch is acked only after both, so a crash between commit and publish means a redelivery,
/// which finds the committed rows and publishes the same follow-ups (same message ids) again.
/// </summary>
public sealed class SubmitOrderConsumer(OrderBook book, ILogger<SubmitOrderConsumer> logger) : IConsumer<Batch<SubmitOrder>>
{
    public async Task Consume(ConsumeContext<Batch<SubmitOrder>> context)
    {
        var batch = context.Message.Select(m => (m.Message, m.MessageId)).ToList();
        var outcome = await book.DecideAsync(batch, context.CancellationToken);

        await Task.WhenAll(outcome.FollowUps.Select(followUp =>
            context.Publish(followUp, ctx => ctx.MessageId = FollowUps.MessageId(followUp), context.CancellationToken)));

        logger.LogDebug("Decided {Count} orders: {Confirmed} confirmed, {Rejected} rejected, {Duplicates} duplicates, {Conflicts} conflicts",
            batch.Count, outcome.Confirmed, outcome.Rejected, outcome.Duplicates, outcome.Conflicts);
    }
}
