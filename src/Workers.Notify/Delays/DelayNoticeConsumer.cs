using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Delays;

/// <summary>
/// Sends one chunk of a delay's notices as one bulk request: claim the chunk's pending notices in one statement, hold back
/// text messages inside quiet hours (<c>Deferred</c>), send the rest, and record the outcome and the delay's counts in one
/// round trip. A notice already sent (a redelivered chunk, a re-declared delay) is not claimed again.
/// </summary>
public sealed class DelayNoticeConsumer(NpgsqlDataSource dataSource, BulkGateway gateway, QuietHours quietHours, SellerFeed feed,
    IOptions<NotifyOptions> options, TimeProvider clock, ILogger<DelayNoticeConsumer> logger) : IConsumer<DelayNoticeChunk>
{
    public const string Kind = "Delayed";

    public async Task Consume(ConsumeContext<DelayNoticeChunk> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        var claimed = await ClaimAsync(m, context.MessageId ?? Guid.NewGuid(), now, context.CancellationToken);
        if (claimed.Count == 0)
        {
            return;
        }

        var deferUntil = quietHours.DeferUntil(now, m.SellerId);
        var deferred = deferUntil is null ? [] : claimed.Where(n => n.Channel == "sms").ToList();
        var sending = deferUntil is null ? claimed : claimed.Where(n => n.Channel != "sms").ToList();
        if (deferred.Count > 0)
        {
            await RecordAsync(m.DelayId, deferred, "Deferred", now, deferUntil, null, context.CancellationToken);
            logger.LogInformation("Delay {DelayId} chunk {Chunk}: {Count} text messages deferred to {Until} (quiet hours)", m.DelayId, m.Chunk, deferred.Count, deferUntil);
        }

        if (sending.Count == 0)
        {
            return;
        }

        var text = $"Your order {{0}} will now ship on {m.NewShipDate:yyyy-MM-dd}: {m.Reason}";
        var messages = sending.Select(n => new ShopperMessage(Key(n.OrderId, m.DelayId, n.Channel), n.Channel, n.Recipient,
            n.Channel == "email" ? $"Order {n.OrderId}: new ship date {m.NewShipDate:yyyy-MM-dd}" : null,
            string.Format(System.Globalization.CultureInfo.InvariantCulture, text, n.OrderId), n.OrderId)).ToList();
        try
        {
            await gateway.SendAsync(messages, context.CancellationToken);
        }
        catch (ProviderException e) when (e.Permanent)
        {
            await RecordAsync(m.DelayId, sending, "Failed", clock.GetUtcNow(), null, e.Message, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            // Not sent: give the notices back so the retry (or another worker) claims them at once.
            await RecordAsync(m.DelayId, sending, "Pending", clock.GetUtcNow(), null, e.Message, CancellationToken.None);
            throw;
        }

        await RecordAsync(m.DelayId, sending, "Sent", clock.GetUtcNow(), null, null, CancellationToken.None);
    }

    public static string Key(string orderId, Guid delayId, string channel) => $"{orderId}:{Kind}:{delayId:N}:{channel}";

    public sealed record Notice(string OrderId, string Channel, string Recipient);

    async Task<List<Notice>> ClaimAsync(DelayNoticeChunk m, Guid claimant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE delay_notices SET status = 'Sending', claimed_at = $3, claimed_by = $5, attempts = attempts + 1
            WHERE delay_id = $1 AND order_id = ANY($2)
              AND (status = 'Pending' OR (status = 'Sending' AND (claimed_at < $4 OR claimed_by = $5)))
            RETURNING order_id, channel, recipient
            """);
        command.Parameters.AddWithValue(m.DelayId);
        command.Parameters.AddWithValue(m.OrderIds.ToArray());
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now - TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds));
        command.Parameters.AddWithValue(claimant);
        var claimed = new List<Notice>(m.OrderIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new Notice(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return claimed;
    }

    /// <summary>The notices' new status and the delay's counts, in one round trip.</summary>
    async Task RecordAsync(Guid delayId, List<Notice> notices, string status, DateTimeOffset now, DateTimeOffset? deferredUntil, string? error,
        CancellationToken cancellationToken)
    {
        now = now.AddTicks(-(now.UtcTicks % 10)); // PostgreSQL keeps microseconds: compared below with what it stored
        await using var batch = dataSource.CreateBatch();
        var update = new NpgsqlBatchCommand("""
            WITH changed AS (
                UPDATE delay_notices SET status = $3, sent_at = CASE WHEN $3 = 'Sent' THEN $4 END, deferred_until = $5, last_error = $6
                WHERE delay_id = $1 AND order_id = ANY($2) AND status = 'Sending'
                RETURNING 1)
            UPDATE delays SET
                notified = notified + CASE WHEN $3 = 'Sent' THEN (SELECT count(*) FROM changed) ELSE 0 END,
                failed = failed + CASE WHEN $3 = 'Failed' THEN (SELECT count(*) FROM changed) ELSE 0 END,
                deferred = deferred + CASE WHEN $3 = 'Deferred' THEN (SELECT count(*) FROM changed) ELSE 0 END,
                state = CASE WHEN notified + failed + CASE WHEN $3 IN ('Sent', 'Failed') THEN (SELECT count(*) FROM changed) ELSE 0 END >= notices
                             THEN 'Done' ELSE state END,
                done_at = CASE WHEN done_at IS NULL AND notified + failed + CASE WHEN $3 IN ('Sent', 'Failed') THEN (SELECT count(*) FROM changed) ELSE 0 END >= notices
                               THEN $4 ELSE done_at END,
                progress_at = CASE WHEN progress_at IS NULL OR progress_at <= $4 - interval '250 milliseconds' THEN $4 ELSE progress_at END
            WHERE delay_id = $1
            RETURNING seller_id, product_id, state, notices, notified, failed, deferred, coalesce(done_at = $4, false), coalesce(progress_at = $4, false),
                      (SELECT count(*) FROM changed)
            """);
        update.Parameters.AddWithValue(delayId);
        update.Parameters.AddWithValue(notices.Select(n => n.OrderId).ToArray());
        update.Parameters.AddWithValue(status);
        update.Parameters.AddWithValue(now);
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)deferredUntil ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)Truncate(error) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        batch.BatchCommands.Add(update);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return;
            }

            var (seller, product, state, total, notified, failed, deferred, justDone, progress, changed) = (reader.GetString(0), reader.GetString(1),
                reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetBoolean(7),
                reader.GetBoolean(8), reader.GetInt64(9));
            await reader.DisposeAsync();
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
    }

    static string? Truncate(string? text) => text is null || text.Length <= 1000 ? text : text[..1000];
}

/// <summary>
/// Queue <c>notify-delays</c>, apart from the per-order notice queues so a 50,000-order delay does not hold back order
/// confirmations. Paused with <c>Notify.Send</c> and with either shopper channel's flag (a chunk mixes texts and e-mails).
/// </summary>
public sealed class DelayNoticeConsumerDefinition : ConsumerDefinition<DelayNoticeConsumer>
{
    public const string QueueName = "notify-delays";
    public static readonly string[] Flags = [KnownFlags.NotifySend, KnownFlags.NotifySms, KnownFlags.NotifyEmail];

    readonly NotifyOptions _options;

    public DelayNoticeConsumerDefinition(IOptions<NotifyOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.DelayChunkConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DelayNoticeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.DelayChunkConcurrency * 2;
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}
