using System.Diagnostics;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Notify.Notifications;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Delays;

/// <summary>
/// Sends one chunk of a delay's notices as one bulk request: claim the chunk's row, hold back a chunk of text messages inside
/// quiet hours (<c>Deferred</c>), send, and record the outcome and the delay's counts in one statement. A chunk already sent
/// (a redelivered message, a re-declared delay) is not claimed again.
/// </summary>
public sealed class DelayNoticeConsumer(NpgsqlDataSource dataSource, BulkGateway gateway, QuietHours quietHours, SellerFeed feed,
    IOptions<NotifyOptions> options, TimeProvider clock, NoticeMetrics metrics, ILogger<DelayNoticeConsumer> logger) : IConsumer<DelayNoticeChunk>
{
    public const string Kind = "Delayed";

    public async Task Consume(ConsumeContext<DelayNoticeChunk> context)
    {
        var m = context.Message;
        MalformedMessageException.ThrowIfMissing(nameof(DelayNoticeChunk), ("DelayId", m.DelayId), ("SellerId", m.SellerId), ("Reason", m.Reason));
        var now = clock.GetUtcNow();
        // A claimant of this attempt's own: a redelivery of the same message (same message id) while this attempt still sends
        // must not take the chunk too. A replay of a chunk's dead letter may take a chunk that failed for good.
        var replay = context.ReceiveContext.TransportHeaders.TryGetHeader(ReplayEnvelope.ReplayOfHeader, out _);
        if (await ClaimAsync(m, Guid.NewGuid(), replay, now, context.CancellationToken) is not { } chunk)
        {
            logger.LogInformation("Delay {DelayId} chunk {Chunk}: being sent by another attempt, or sent; nothing to do", m.DelayId, m.Chunk);
            return;
        }

        if (chunk.Channel == "sms" && quietHours.DeferUntil(now, m.SellerId) is { } until)
        {
            await RecordAsync(m, "Deferred", now, until, null, context.CancellationToken);
            logger.LogInformation("Delay {DelayId} chunk {Chunk}: {Count} text messages deferred to {Until} (quiet hours)", m.DelayId, m.Chunk, chunk.OrderIds.Length, until);
            return;
        }

        var (template, messages) = Notices(m, chunk);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await gateway.SendTemplatedAsync(template, messages, context.CancellationToken);
            metrics.ProviderAnswered(chunk.Channel, started);
            metrics.Notices(chunk.Channel, NoticeOutcome.Sent, messages.Count);
        }
        catch (ProviderException e) when (e.Permanent)
        {
            metrics.ProviderAnswered(chunk.Channel, started);
            metrics.Notices(chunk.Channel, NoticeOutcome.Failed, messages.Count);
            await RecordAsync(m, "Failed", clock.GetUtcNow(), null, e.Message, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            metrics.Notices(chunk.Channel, NoticeOutcome.Retry, messages.Count);
            // Not sent: give the chunk back so the retry (or another worker) claims it at once.
            await RecordAsync(m, "Pending", clock.GetUtcNow(), null, e.Message, CancellationToken.None);
            throw;
        }

        await RecordRetry.Pipeline.ExecuteAsync(async ct => await RecordAsync(m, "Sent", clock.GetUtcNow(), null, null, ct), CancellationToken.None);
    }

    /// <summary>The kind of a correction's notices (the idempotency key's and the order's notification view's).</summary>
    public const string CorrectionKind = "DelayCorrected";

    public static string Key(string orderId, Guid delayId, string channel, string kind = Kind) => $"{orderId}:{kind}:{delayId:N}:{channel}";

    /// <summary>
    /// A claimed chunk and what its text depends on: <paramref name="Corrected"/> is the date a correction replaces (null for a
    /// delay); <paramref name="GroupByShopper"/>: the chunk holds each shopper's orders next to each other under one recipient.
    /// </summary>
    public sealed record Claimed(string Channel, string[] OrderIds, string[] Recipients, bool GroupByShopper, DateOnly? Corrected);

    /// <summary>
    /// The chunk's notices: one template (the text once, with the date and reason) and per notice its recipient, order(s) and key.
    /// Grouped, the orders of one recipient (adjacent in the chunk) become one notice listing them, keyed by its first order.
    /// </summary>
    public static (BulkTemplate Template, List<TemplatedMessage> Messages) Notices(DelayNoticeChunk m, Claimed chunk)
    {
        var date = m.NewShipDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var kind = chunk.Corrected is null ? Kind : CorrectionKind;
        var orders = chunk.GroupByShopper ? "{orders}" : "{orderId}";
        var was = chunk.Corrected?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var template = (chunk.Corrected is null, chunk.GroupByShopper) switch
        {
            (true, false) => new BulkTemplate($"Order {orders}: new ship date {date}", $"Your order {orders} will now ship on {date}: {m.Reason}"),
            (true, true) => new BulkTemplate($"New ship date {date} for your orders", $"New ship date {date} for your order(s) {orders}: {m.Reason}"),
            (false, false) => new BulkTemplate($"Correction: order {orders} ships on {date}",
                $"Correction: your order {orders} will now ship on {date}, not {was} as we told you: {m.Reason}"),
            (false, true) => new BulkTemplate($"Correction: new ship date {date} for your orders",
                $"Correction: new ship date {date} (not {was} as we told you) for your order(s) {orders}: {m.Reason}"),
        };
        if (chunk.Channel != "email")
        {
            template = template with { Subject = null };
        }

        var messages = new List<TemplatedMessage>(chunk.OrderIds.Length);
        for (var i = 0; i < chunk.OrderIds.Length;)
        {
            var first = i++;
            while (chunk.GroupByShopper && i < chunk.OrderIds.Length && chunk.Recipients[i] == chunk.Recipients[first])
            {
                i++;
            }

            var orderId = chunk.OrderIds[first];
            messages.Add(new TemplatedMessage(Key(orderId, m.DelayId, chunk.Channel, kind), chunk.Channel, chunk.Recipients[first], orderId,
                chunk.GroupByShopper ? string.Join(", ", chunk.OrderIds, first, i - first) : null));
        }

        return (template, messages);
    }

    /// <summary>
    /// Takes the chunk for this attempt: a pending one, one whose sender's lease ran out, or (a replay) one that failed for good,
    /// which then no longer counts as failed on its delay. Null when another attempt has it or it was sent; a chunk that does not
    /// exist is a malformed message.
    /// </summary>
    async Task<Claimed?> ClaimAsync(DelayNoticeChunk m, Guid claimant, bool replay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = new CommandDefinition("""
            WITH before AS (SELECT status, cardinality(order_ids) AS n FROM delay_chunks WHERE delay_id = @delayId AND chunk = @chunk FOR UPDATE),
            claimed AS (
                UPDATE delay_chunks SET status = 'Sending', claimed_at = @now, claimed_by = @claimant, attempts = attempts + 1
                WHERE delay_id = @delayId AND chunk = @chunk
                  AND (status = 'Pending' OR (status = 'Sending' AND claimed_at < @staleBefore) OR (status = 'Failed' AND @replay))
                RETURNING channel, order_ids, recipients),
            reopened AS (
                UPDATE delays SET failed = failed - (SELECT n FROM before), state = 'Fanning out', done_at = NULL
                WHERE delay_id = @delayId AND (SELECT status FROM before) = 'Failed' AND EXISTS (SELECT 1 FROM claimed))
            SELECT b.status, c.channel, c.order_ids, c.recipients, d.group_by_shopper, o.new_ship_date
            FROM before b LEFT JOIN claimed c ON true LEFT JOIN delays d ON d.delay_id = @delayId LEFT JOIN delays o ON o.delay_id = d.corrects
            """, new
        {
            delayId = m.DelayId, chunk = m.Chunk, now, staleBefore = now - TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds), claimant, replay,
        }, cancellationToken: cancellationToken);
        await using var connection = dataSource.CreateConnection();
        // The chunk may arrive while the transaction that released it (quiet hours over, a stale claim) has not committed yet:
        // `before` then waits for that row lock and reads the released row (Pending), but the UPDATE judged the row by the
        // statement's older snapshot (Deferred) and claimed nothing. Asked again, the statement sees the commit.
        for (var attempt = 1; ; attempt++)
        {
            await using var reader = await connection.ExecuteReaderAsync(claim);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new MalformedMessageException($"Delay {m.DelayId} has no chunk {m.Chunk}.");
            }

            if (!reader.IsDBNull(1))
            {
                return new Claimed(reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3),
                    !reader.IsDBNull(4) && reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5));
            }

            if (reader.GetString(0) != "Pending" || attempt == 3)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The chunk's new status and the delay's counts, in one statement; then the seller's feed. While the delay is still
    /// <c>Marking</c> (its later slices not yet committed) it is never Done (its totals are not known yet: <c>delay.marked</c>
    /// brings them), but progress is announced as chunks go out.
    /// </summary>
    async Task RecordAsync(DelayNoticeChunk m, string status, DateTimeOffset now, DateTimeOffset? deferredUntil, string? error,
        CancellationToken cancellationToken)
    {
        var delayId = m.DelayId;
        now = now.AddTicks(-(now.UtcTicks % 10)); // PostgreSQL keeps microseconds: compared below with what it stored
        // The delay row is locked first and its progress time read under the lock: of two chunks recorded at the same moment,
        // only the one that moves progress_at announces progress (both used to, when their clocks agreed).
        var update = new CommandDefinition("""
            WITH before AS (SELECT progress_at FROM delays WHERE delay_id = @delayId FOR UPDATE),
            changed AS (
                UPDATE delay_chunks SET status = @status, sent_at = CASE WHEN @status = 'Sent' THEN @now END, deferred_until = @deferredUntil::timestamptz,
                                        last_error = @error::text
                WHERE delay_id = @delayId AND chunk = @chunk AND status = 'Sending'
                RETURNING cardinality(order_ids) AS n),
            n AS (SELECT coalesce(sum(n), 0)::int AS n FROM changed),
            due AS (SELECT coalesce((SELECT progress_at FROM before) <= @now - interval '250 milliseconds', true) AS progress)
            UPDATE delays SET
                notified = notified + CASE WHEN @status = 'Sent' THEN (SELECT n FROM n) ELSE 0 END,
                failed = failed + CASE WHEN @status = 'Failed' THEN (SELECT n FROM n) ELSE 0 END,
                deferred = deferred + CASE WHEN @status = 'Deferred' THEN (SELECT n FROM n) ELSE 0 END,
                state = CASE WHEN state <> 'Marking' AND notified + failed + CASE WHEN @status IN ('Sent', 'Failed') THEN (SELECT n FROM n) ELSE 0 END >= notices
                             THEN 'Done' ELSE state END,
                done_at = CASE WHEN done_at IS NULL AND state <> 'Marking'
                                    AND notified + failed + CASE WHEN @status IN ('Sent', 'Failed') THEN (SELECT n FROM n) ELSE 0 END >= notices
                               THEN @now ELSE done_at END,
                progress_at = CASE WHEN (SELECT progress FROM due) THEN @now ELSE progress_at END
            WHERE delay_id = @delayId
            RETURNING seller_id, product_id, state, notices, notified, failed, deferred, coalesce(done_at = @now, false), (SELECT progress FROM due),
                      (SELECT n FROM n)
            """, new { delayId, chunk = m.Chunk, status, now, deferredUntil, error = Truncate(error) }, cancellationToken: cancellationToken);
        await using var connection = dataSource.CreateConnection();
        string seller, product, state;
        int total, notified, failed, deferred, changed;
        bool justDone, progress;
        await using (var reader = await connection.ExecuteReaderAsync(update))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return;
            }

            (seller, product, state, total, notified, failed, deferred, justDone, progress, changed) = (reader.GetString(0), reader.GetString(1),
                reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetBoolean(7),
                reader.GetBoolean(8), reader.GetInt32(9));
        }

        var counts = new { delayId, productId = product, state, notices = total, notified, failed, deferred, pending = total - notified - failed - deferred, at = now };
        // The seller's feed: failures as they happen, progress at most every 250 ms, and done once.
        if (status == "Failed" && changed > 0)
        {
            await feed.AppendAsync(seller, "delay.failed", new { delayId, productId = product, failedNow = changed, error = Truncate(error), failed }, null, cancellationToken);
        }

        if (justDone)
        {
            await feed.AppendAsync(seller, "delay.done", counts, $"delay.done:{delayId}", cancellationToken);
        }
        else if (progress && status is "Sent" or "Deferred")
        {
            await feed.AppendAsync(seller, "delay.progress", counts, null, cancellationToken);
        }
    }

    static string? Truncate(string? text) => text is null || text.Length <= 1000 ? text : text[..1000];
}
