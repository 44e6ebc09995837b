using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Delays;

/// <summary>
/// Marks every open order of the delayed product and creates one notice per order, in one transaction of set-based
/// statements, then publishes the notices in chunks for the notify worker. The product row is locked first, as order
/// confirmation locks it: an order confirmed before the delay is marked here; one confirmed after gets the new ship date
/// when it is confirmed. A redelivery finds the delay fanned out and only republishes the chunks still pending.
/// </summary>
public sealed class DelayDeclaredConsumer(NpgsqlDataSource dataSource, SellerFeed feed, IOptions<BusinessOptions> options, TimeProvider clock,
    ILogger<DelayDeclaredConsumer> logger) : IConsumer<DelayDeclared>
{
    public async Task Consume(ConsumeContext<DelayDeclared> context)
    {
        var m = context.Message;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var marking = TimeSpan.Zero;
        string? state;
        bool fannedOut;
        List<int> unsent;
        await using (var connection = await dataSource.OpenConnectionAsync(context.CancellationToken))
        {
            await using var read = new NpgsqlCommand("SELECT state, fanned_out_at IS NOT NULL FROM delays WHERE delay_id = $1", connection);
            read.Parameters.AddWithValue(m.DelayId);
            await using (var reader = await read.ExecuteReaderAsync(context.CancellationToken))
            {
                (state, fannedOut) = await reader.ReadAsync(context.CancellationToken) ? (reader.GetString(0), reader.GetBoolean(1)) : (null, false);
            }

            // Redelivered: the chunks of slices already committed go out again (the notify worker skips those sent).
            unsent = state is null or "Accepted" ? [] : await ListAsync(connection, null,
                "SELECT chunk FROM delay_chunks WHERE delay_id = $1 AND status IN ('Pending', 'Sending') ORDER BY chunk", context.CancellationToken, m.DelayId);
        }

        if (state is null)
        {
            throw new UnknownDelayException($"Delay {m.DelayId} is not in the delays table.");
        }

        await PublishAsync(context, m, unsent);
        var (affected, notices, chunks) = (0, 0, unsent.Count);
        if (!fannedOut)
        {
            // Marked in slices, each committed and its chunks published at once, so sending overlaps marking.
            string[]? remaining = null;
            var offset = 0;
            var last = false;
            while (!last)
            {
                var slice = await MarkSliceAsync(m, remaining, offset, context.CancellationToken);
                remaining ??= slice.Candidates;
                offset += options.Value.DelayMarkSlice;
                last = offset >= remaining.Length;
                marking += slice.Took;
                (affected, notices) = (slice.Affected, slice.Notices);
                chunks += slice.Chunks.Count;
                await PublishAsync(context, m, slice.Chunks);
                if (offset == options.Value.DelayMarkSlice)
                {
                    await feed.AppendAsync(m.SellerId, "delay.started", new
                    {
                        delayId = m.DelayId, productId = m.ProductId, newShipDate = m.NewShipDate, reason = m.Reason, affected = remaining.Length,
                    }, $"delay.started:{m.DelayId}", context.CancellationToken);
                }

                if (last && slice.JustDone)
                {
                    await feed.AppendAsync(m.SellerId, "delay.done", new { delayId = m.DelayId, productId = m.ProductId, state = "Done", affected, notices },
                        $"delay.done:{m.DelayId}", context.CancellationToken);
                }
            }
        }

        logger.LogInformation("Delay {DelayId} of {ProductId}: {Affected} orders delayed, {Notices} notices in {Chunks} chunks (marking {MarkMs} ms, enqueueing {EnqueueMs} ms)",
            m.DelayId, m.ProductId, affected, notices, chunks, (int)marking.TotalMilliseconds, (int)(started.Elapsed - marking).TotalMilliseconds);
    }

    sealed record Slice(string[] Candidates, int Affected, int Notices, List<int> Chunks, bool JustDone, TimeSpan Took);

    /// <summary>
    /// One slice in one transaction. The first locks the product (as order confirmation does: an order confirmed before it is
    /// among the candidates, one confirmed after gets the new ship date), moves the product's ship date and lists the candidates;
    /// each marks its share of them and groups their notices into chunk rows. The last one closes the fan-out.
    /// </summary>
    async Task<Slice> MarkSliceAsync(DelayDeclared m, string[]? candidates, int offset, CancellationToken cancellationToken)
    {
        var took = System.Diagnostics.Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.UtcTicks % 10));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT 1 FROM delays WHERE delay_id = $1 FOR UPDATE", cancellationToken, m.DelayId);
        if (candidates is null)
        {
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM products WHERE product_id = $1 FOR UPDATE", cancellationToken, m.ProductId);
            await ExecuteAsync(connection, transaction, "UPDATE products SET ship_date = $2, updated_at = $3 WHERE product_id = $1",
                cancellationToken, m.ProductId, m.NewShipDate, now);
            await using var list = new NpgsqlCommand("""
                SELECT o.order_id FROM order_items i JOIN orders o ON o.order_id = i.order_id
                WHERE i.product_id = $1 AND o.status IN ('Confirmed', 'Delayed') AND o.delay_id IS DISTINCT FROM $2
                GROUP BY o.order_id ORDER BY o.order_id
                """, connection, transaction);
            list.Parameters.AddWithValue(m.ProductId);
            list.Parameters.AddWithValue(m.DelayId);
            var ids = new List<string>();
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            candidates = ids.ToArray();
        }

        var size = options.Value.DelayMarkSlice;
        var share = candidates.Skip(offset).Take(size).ToArray();
        var last = offset + size >= candidates.Length;
        await using var mark = new NpgsqlCommand("""
            WITH affected AS (
                UPDATE orders o SET status = 'Delayed', ship_date = $2, delay_id = $1, delay_reason = $3, updated_at = $4
                WHERE o.order_id = ANY($5) AND o.status IN ('Confirmed', 'Delayed') AND o.delay_id IS DISTINCT FROM $1
                RETURNING o.order_id, o.contact_phone, o.contact_email),
            targets AS (
                SELECT order_id, CASE WHEN contact_phone IS NOT NULL THEN 'sms' ELSE 'email' END AS channel,
                       coalesce(contact_phone, contact_email) AS recipient,
                       (row_number() OVER (PARTITION BY contact_phone IS NOT NULL ORDER BY order_id) - 1) / $6 AS n
                FROM affected WHERE coalesce(contact_phone, contact_email) IS NOT NULL),
            chunks AS (
                INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts)
                SELECT $1, (SELECT coalesce(max(chunk) + 1, 0) FROM delay_chunks WHERE delay_id = $1) + (dense_rank() OVER (ORDER BY channel, n) - 1)::int,
                       channel, array_agg(order_id ORDER BY order_id), array_agg(recipient ORDER BY order_id), 'Pending', 0
                FROM targets GROUP BY channel, n
                RETURNING chunk, cardinality(order_ids) AS size),
            totals AS (SELECT (SELECT count(*) FROM affected)::int AS affected, (SELECT coalesce(sum(size), 0) FROM chunks)::int AS notices),
            counted AS (
                UPDATE delays SET affected = affected + (SELECT affected FROM totals), notices = notices + (SELECT notices FROM totals),
                    fanned_out_at = CASE WHEN $7 THEN $4 END,
                    state = CASE WHEN $7 AND notified + failed >= notices + (SELECT notices FROM totals) THEN 'Done' ELSE 'Fanning out' END,
                    done_at = CASE WHEN $7 AND notified + failed >= notices + (SELECT notices FROM totals) THEN $4 END
                WHERE delay_id = $1 RETURNING affected, notices, coalesce(done_at = $4, false) AS just_done)
            SELECT c.affected, c.notices, c.just_done, k.chunk FROM counted c LEFT JOIN chunks k ON true
            """, connection, transaction);
        mark.Parameters.AddWithValue(m.DelayId);
        mark.Parameters.AddWithValue(m.NewShipDate);
        mark.Parameters.AddWithValue(m.Reason);
        mark.Parameters.AddWithValue(now);
        mark.Parameters.AddWithValue(share);
        mark.Parameters.AddWithValue(options.Value.DelayChunkSize);
        mark.Parameters.AddWithValue(last);
        var (affectedSoFar, noticesSoFar, justDone, chunks) = (0, 0, false, new List<int>());
        await using (var reader = await mark.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                (affectedSoFar, noticesSoFar, justDone) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetBoolean(2));
                if (!reader.IsDBNull(3))
                {
                    chunks.Add(reader.GetInt32(3));
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new Slice(candidates, affectedSoFar, noticesSoFar, chunks, justDone, took.Elapsed);
    }

    static Task PublishAsync(ConsumeContext context, DelayDeclared m, List<int> chunks) =>
        Task.WhenAll(chunks.Select(chunk => context.Publish(new DelayNoticeChunk
        {
            DelayId = m.DelayId, SellerId = m.SellerId, ProductId = m.ProductId, NewShipDate = m.NewShipDate, Reason = m.Reason, Chunk = chunk,
        }, ctx => ctx.MessageId = NewId.Next().ToGuid(), context.CancellationToken)));

    static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? default : (T)result;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task<List<int>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        var list = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(reader.GetInt32(0));
        }

        return list;
    }
}

/// <summary>A DelayDeclared whose row is missing: the API writes the row before it publishes, so this message did not come from it.</summary>
public sealed class UnknownDelayException(string message) : Exception(message), IClassifiedFault
{
    public bool Permanent => true;
}

/// <summary>Queue <c>delays</c>: one delay at a time per worker; retried like orders.</summary>
public sealed class DelayDeclaredConsumerDefinition : ConsumerDefinition<DelayDeclaredConsumer>
{
    readonly BusinessOptions _options;

    public DelayDeclaredConsumerDefinition(IOptions<BusinessOptions> options)
    {
        _options = options.Value;
        EndpointName = "delays";
        ConcurrentMessageLimit = 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DelayDeclaredConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 4;
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}
