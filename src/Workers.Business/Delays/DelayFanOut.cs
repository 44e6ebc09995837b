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
        List<int> pending;
        int affected = 0, notices = 0;
        await using (var connection = await dataSource.OpenConnectionAsync(context.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(context.CancellationToken))
        {
            var state = await ScalarAsync<string>(connection, transaction, "SELECT state FROM delays WHERE delay_id = $1 FOR UPDATE", context.CancellationToken, m.DelayId);
            if (state is null)
            {
                throw new MalformedMessageException($"Delay {m.DelayId} is not in the delays table.");
            }

            if (state == "Accepted")
            {
                var now = clock.GetUtcNow();
                await ExecuteAsync(connection, transaction, "UPDATE products SET ship_date = $2, updated_at = $3 WHERE product_id = $1",
                    context.CancellationToken, m.ProductId, m.NewShipDate, now);
                // One statement: mark the orders, and group their notices into chunks per channel (the chunks hold the order ids and
                // recipients, so a chunk's send is recorded in one row).
                await using var mark = new NpgsqlCommand("""
                    WITH affected AS (
                        UPDATE orders o SET status = 'Delayed', ship_date = $2, delay_id = $1, delay_reason = $3, updated_at = $4
                        WHERE o.order_id IN (SELECT order_id FROM order_items WHERE product_id = $5) AND o.status IN ('Confirmed', 'Delayed')
                        RETURNING o.order_id, o.contact_phone, o.contact_email),
                    targets AS (
                        SELECT order_id, CASE WHEN contact_phone IS NOT NULL THEN 'sms' ELSE 'email' END AS channel,
                               coalesce(contact_phone, contact_email) AS recipient,
                               (row_number() OVER (PARTITION BY contact_phone IS NOT NULL ORDER BY order_id) - 1) / $6 AS n
                        FROM affected WHERE coalesce(contact_phone, contact_email) IS NOT NULL),
                    chunks AS (
                        INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts)
                        SELECT $1, (dense_rank() OVER (ORDER BY channel, n) - 1)::int, channel, array_agg(order_id ORDER BY order_id),
                               array_agg(recipient ORDER BY order_id), 'Pending', 0
                        FROM targets GROUP BY channel, n
                        ON CONFLICT DO NOTHING
                        RETURNING chunk, cardinality(order_ids) AS size),
                    counted AS (
                        UPDATE delays SET state = CASE WHEN (SELECT count(*) FROM chunks) = 0 THEN 'Done' ELSE 'Fanning out' END,
                                          affected = (SELECT count(*) FROM affected), notices = (SELECT coalesce(sum(size), 0) FROM chunks),
                                          fanned_out_at = $4, done_at = CASE WHEN (SELECT count(*) FROM chunks) = 0 THEN $4 END
                        WHERE delay_id = $1 RETURNING affected, notices)
                    SELECT c.affected, c.notices, k.chunk FROM counted c LEFT JOIN chunks k ON true
                    """, connection, transaction);
                mark.Parameters.AddWithValue(m.DelayId);
                mark.Parameters.AddWithValue(m.NewShipDate);
                mark.Parameters.AddWithValue(m.Reason);
                mark.Parameters.AddWithValue(now);
                mark.Parameters.AddWithValue(m.ProductId);
                mark.Parameters.AddWithValue(options.Value.DelayChunkSize);
                pending = [];
                await using var reader = await mark.ExecuteReaderAsync(context.CancellationToken);
                while (await reader.ReadAsync(context.CancellationToken))
                {
                    (affected, notices) = (reader.GetInt32(0), reader.GetInt32(1));
                    if (!reader.IsDBNull(2))
                    {
                        pending.Add(reader.GetInt32(2));
                    }
                }
            }
            else
            {
                // Redelivered after the marking committed: publish again what has not been sent (the notify worker skips the rest).
                pending = await ListAsync(connection, transaction,
                    "SELECT chunk FROM delay_chunks WHERE delay_id = $1 AND status IN ('Pending', 'Sending') ORDER BY chunk", context.CancellationToken, m.DelayId);
                (affected, notices) = (await ScalarAsync<int>(connection, transaction, "SELECT affected FROM delays WHERE delay_id = $1", context.CancellationToken, m.DelayId),
                    await ScalarAsync<int>(connection, transaction, "SELECT notices FROM delays WHERE delay_id = $1", context.CancellationToken, m.DelayId));
            }

            await transaction.CommitAsync(context.CancellationToken);
        }

        var marked = started.Elapsed;
        var chunks = pending.Select(chunk => new DelayNoticeChunk
        {
            DelayId = m.DelayId, SellerId = m.SellerId, ProductId = m.ProductId, NewShipDate = m.NewShipDate, Reason = m.Reason, Chunk = chunk,
        }).ToList();
        await Task.WhenAll(chunks.Select(chunk => context.Publish(chunk, ctx =>
        {
            ctx.MessageId = NewId.Next().ToGuid();
            ctx.Mandatory = true;
        }, context.CancellationToken)));
        var delay = new { delayId = m.DelayId, productId = m.ProductId, newShipDate = m.NewShipDate, reason = m.Reason, affected, notices };
        await feed.AppendAsync(m.SellerId, "delay.started", delay, $"delay.started:{m.DelayId}", context.CancellationToken);
        if (notices == 0)
        {
            await feed.AppendAsync(m.SellerId, "delay.done", delay with { notices = 0 }, $"delay.done:{m.DelayId}", context.CancellationToken);
        }

        logger.LogInformation("Delay {DelayId} of {ProductId}: {Affected} orders delayed, {Notices} notices in {Chunks} chunks (marking {MarkMs} ms, enqueueing {EnqueueMs} ms)",
            m.DelayId, m.ProductId, affected, notices, chunks.Count, (int)marked.TotalMilliseconds, (int)(started.Elapsed - marked).TotalMilliseconds);
    }

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

    static async Task<List<int>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
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

/// <summary>Queue <c>delays</c>: one delay at a time per worker; retried like orders.</summary>
public sealed class DelayDeclaredConsumerDefinition : ConsumerDefinition<DelayDeclaredConsumer>
{
    readonly BusinessOptions _options;

    public DelayDeclaredConsumerDefinition(IOptions<BusinessOptions> options)
    {
        _options = options.Value;
        EndpointName = PipelineQueues.Delays;
        ConcurrentMessageLimit = 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DelayDeclaredConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 4;
        // On the consumer, inside the broker-side redelivery filter the endpoint has: retried here first, parked after.
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}
