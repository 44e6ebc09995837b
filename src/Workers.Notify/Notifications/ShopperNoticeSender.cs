using System.Diagnostics;
using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Hosting.Telemetry;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Sends one decision batch's notices on one shopper channel: one claim for all of them, one bulk request to the gateway (each
/// message with its idempotency key; a lone notice goes to the single endpoint), one record of how each ended. If the gateway refuses the bulk request for good (a 4xx:
/// one bad address spoils it), each notice is sent alone, so only the bad ones fail. A notice that failed for good becomes a
/// dead letter of its own; anything worth retrying makes the whole message retry later (the ledger skips what was sent).
/// </summary>
public sealed class ShopperNoticeSender(NotificationLedger ledger, BulkGateway bulk, IShopperChannel single, ErrorQueue errors, NoticeMetrics metrics,
    ILogger<ShopperNoticeSender> logger)
{
    /// <param name="subset">The batch message of some of its notices (what a notice that failed for good is dead-lettered as).</param>
    public async Task SendAsync<TConsumer, TBatch>(ConsumeContext<TBatch> context, string channel, IReadOnlyList<ShopperNotice> notices,
        Func<IReadOnlyList<ShopperNotice>, TBatch> subset)
        where TBatch : class
    {
        var queue = PipelineQueues.Consuming<TBatch>().Name;
        if (notices.Any(n => n is null || string.IsNullOrEmpty(n.OrderId) || string.IsNullOrEmpty(n.Kind) || string.IsNullOrEmpty(n.To)))
        {
            throw new MalformedMessageException($"{typeof(TBatch).Name} with a notice missing its order id, kind or address.");
        }

        var byKey = new Dictionary<string, ShopperNotice>(notices.Count, StringComparer.Ordinal);
        foreach (var notice in notices)
        {
            byKey.TryAdd(ShopperNotices.Key(notice.OrderId, notice.Kind, channel), notice); // the first of a repeated notice
        }
        var replay = context.ReceiveContext.TransportHeaders.TryGetHeader(ReplayEnvelope.ReplayOfHeader, out _);
        var claim = await ledger.ClaimAsync(byKey.Select(n => new LedgerEntry(n.Key, n.Value.OrderId, n.Value.Kind, channel)).ToList(), replay,
            context.CancellationToken);
        var claimed = claim.Claimed.Select(k => byKey[k]).ToList();
        var started = DateTimeOffset.UtcNow;
        var outcomes = claimed.Count == 0 ? [] : await SendClaimedAsync(claimed, channel, context.CancellationToken);
        var ended = DateTimeOffset.UtcNow;
        foreach (var (key, outcome, _) in outcomes)
        {
            metrics.Notices(channel, outcome);
            var notice = byKey[key];
            PipelineTelemetry.RecordOrderHop("notify " + channel, notice.TraceParent, notice.OrderId, started, ended, outcome.ToString());
        }

        // Each refused notice into the error queue first, then the record: a notice is never marked Failed without its dead letter.
        foreach (var failed in outcomes.Where(o => o.Outcome == NoticeOutcome.Failed))
        {
            var notice = byKey[failed.Key];
            await errors.MoveAsync(queue, subset([notice]), context, typeof(TConsumer).FullName!, failed.Fault!, CancellationToken.None, notice.TraceParent);
        }

        await RecordRetry.Pipeline.ExecuteAsync(async ct => await ledger.RecordAsync(outcomes.Select(o => (o.Key, o.Outcome, o.Fault?.Message)).ToList(), ct),
            CancellationToken.None);

        var sent = outcomes.Count(o => o.Outcome == NoticeOutcome.Sent);
        logger.LogDebug("{Channel}: {Sent} of {Count} notices sent ({Claimed} claimed)", channel, sent, byKey.Count, claimed.Count);
        if (outcomes.FirstOrDefault(o => o.Outcome == NoticeOutcome.Retry) is { Key: not null } retry)
        {
            throw new ProviderException($"{outcomes.Count(o => o.Outcome == NoticeOutcome.Retry)} of {claimed.Count} {channel} notices not sent: {retry.Fault!.Message}",
                permanent: false, retry.Fault);
        }

        if (claim.InFlight.Count > 0)
        {
            throw new NotificationInFlightException(claim.InFlight.First());
        }
    }

    /// <summary>How each claimed notice ended, with the provider's exception for those not sent.</summary>
    async Task<List<(string Key, NoticeOutcome Outcome, ProviderException? Fault)>> SendClaimedAsync(List<ShopperNotice> claimed, string channel,
        CancellationToken cancellationToken)
    {
        var messages = claimed.Select(n => ShopperNotices.Message(n, channel)).ToList();
        // One notice goes alone: a refusal then reads the same whether its batch held one notice or many, and one cause
        // stays one failure group for on-call.
        if (messages.Count > 1)
        {
            try
            {
                var bulkStarted = Stopwatch.GetTimestamp();
                try
                {
                    await bulk.SendAsync(messages, cancellationToken);
                }
                finally
                {
                    metrics.ProviderAnswered(channel, bulkStarted);
                }

                return messages.Select(m => (m.IdempotencyKey, NoticeOutcome.Sent, (ProviderException?)null)).ToList();
            }
            catch (ProviderException e) when (!e.Permanent)
            {
                return messages.Select(m => (m.IdempotencyKey, NoticeOutcome.Retry, (ProviderException?)e)).ToList();
            }
            catch (ProviderException e)
            {
                logger.LogWarning("{Channel}: the gateway refused a bulk of {Count} ({Error}); sending each alone", channel, messages.Count, e.Message);
            }
        }

        var outcomes = new List<(string, NoticeOutcome, ProviderException?)>(messages.Count);
        foreach (var message in messages)
        {
            var singleStarted = Stopwatch.GetTimestamp();
            try
            {
                await single.SendAsync(message, cancellationToken);
                metrics.ProviderAnswered(channel, singleStarted);
                outcomes.Add((message.IdempotencyKey, NoticeOutcome.Sent, null));
            }
            catch (ProviderException e)
            {
                metrics.ProviderAnswered(channel, singleStarted);
                logger.LogWarning("Order {OrderId}: {Channel} notice {Outcome}: {Error}", message.OrderId, channel, e.Permanent ? "refused" : "not sent", e.Message);
                outcomes.Add((message.IdempotencyKey, e.Permanent ? NoticeOutcome.Failed : NoticeOutcome.Retry, e));
            }
        }

        return outcomes;
    }
}
