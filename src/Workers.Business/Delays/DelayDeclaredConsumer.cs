using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Data.Sellers;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Delays;

/// <summary>
/// Marks the delay's orders and turns their notices into chunk rows, then publishes each chunk for the notify worker.
/// <para>
/// The orders are walked in committed slices (keyset on the product's <c>order_items</c> by order id): each slice is one
/// transaction that marks its orders (<c>UPDATE … RETURNING</c> the recipients), writes their chunk rows (formed here, not by a
/// sort in SQL) and moves the delay's cursor; its chunks are published once it has committed, so sending overlaps the marking
/// of later slices and no shopper hears of a change that rolled back. Memory holds one slice, whatever the delay's size.
/// A delay grouped by shopper is marked in one transaction instead and its notices read back in shopper order through a
/// cursor, so a shopper's orders end up in one notice.
/// </para>
/// <para>
/// An untargeted delay first moves the product's ship date under the product's lock, as order confirmation takes it: an order
/// confirmed before is marked by a slice; one confirmed after already has the new date and is left alone. A redelivery resumes
/// from the cursor (publishing again the chunks already written and not sent), or, once marked, publishes what is unsent.
/// </para>
/// </summary>
public sealed class DelayDeclaredConsumer(NpgsqlDataSource dataSource, SellerFeed feed, IOptions<BusinessOptions> options, TimeProvider clock,
    DelayMetrics metrics, ILogger<DelayDeclaredConsumer> logger) : IConsumer<DelayDeclared>
{
    public async Task Consume(ConsumeContext<DelayDeclared> context)
    {
        var m = context.Message;
        var cancellationToken = context.CancellationToken;
        var started = Stopwatch.StartNew();
        var delay = await BeginAsync(m.DelayId, cancellationToken)
            ?? throw new MalformedMessageException($"Delay {m.DelayId} is not in the delays table.");
        var publishing = new List<Task>();
        void Publish(IEnumerable<int> chunks)
        {
            foreach (var chunk in chunks)
            {
                publishing.Add(context.Publish(new DelayNoticeChunk
                {
                    DelayId = delay.DelayId, SellerId = delay.SellerId, ProductId = delay.ProductId, NewShipDate = delay.NewShipDate,
                    Reason = delay.Reason, Chunk = chunk,
                }, ctx =>
                {
                    ctx.MessageId = NewId.Next().ToGuid();
                    ctx.Mandatory = true;
                }, cancellationToken));
            }
        }

        // Chunks written before (an earlier attempt's slices, or all of them once marked) and not sent yet go out (again): the
        // notify worker claims each chunk once, so a chunk published twice is sent once.
        Publish(await UnsentChunksAsync(delay.DelayId, cancellationToken));
        var outcome = delay.State != DelayStates.Marking ? null
            : delay.GroupByShopper ? await MarkGroupedAsync(delay, Publish, cancellationToken)
            : await MarkInSlicesAsync(delay, Publish, cancellationToken);
        await Task.WhenAll(publishing);
        if (outcome is { } o)
        {
            await feed.WakeAsync(delay.SellerId, cancellationToken);
            metrics.Marked(o.Affected, o.Chunks);
            logger.LogInformation("Delay {DelayId} of {ProductId}: {Affected} orders delayed, {Notices} notices in {Chunks} chunks, {Slices} slices (marking {MarkMs} ms, enqueueing {EnqueueMs} ms)",
                m.DelayId, delay.ProductId, o.Affected, o.Notices, o.Chunks, o.Slices, (int)o.Marked.TotalMilliseconds,
                (int)(started.Elapsed - o.Marked).TotalMilliseconds);
        }
        else
        {
            logger.LogInformation("Delay {DelayId} of {ProductId}: marked before; {Chunks} unsent chunks published again", m.DelayId, delay.ProductId, publishing.Count);
        }
    }

    /// <summary>What a delay is, as stored, and how far its marking got.</summary>
    sealed record Target(Guid DelayId, string SellerId, string ProductId, DateOnly NewShipDate, string Reason, DateTimeOffset? PlacedFrom,
        DateTimeOffset? PlacedBefore, DateOnly? ShipDateFrom, DateOnly? ShipDateTo, Guid? Corrects, bool GroupByShopper, string State,
        string? MarkedThrough);

    sealed record Outcome(int Affected, int Notices, int Chunks, int Slices, TimeSpan Marked);

    /// <summary>
    /// Reads the delay under its lock; a new one (<c>Accepted</c>) moves to <c>Marking</c>, and an untargeted delay (or a
    /// correction of one, while the product still shows the date it corrects) moves the product's ship date, in the same
    /// transaction.
    /// </summary>
    async Task<Target?> BeginAsync(Guid delayId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Target delay;
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition("""
            SELECT seller_id, product_id, new_ship_date, reason, placed_from, placed_before, ship_date_from, ship_date_to, corrects,
                   group_by_shopper, state, marked_through
            FROM delays WHERE delay_id = @delayId FOR UPDATE
            """, new { delayId }, transaction, cancellationToken: cancellationToken)))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            delay = new Target(delayId, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3),
                Nullable<DateTimeOffset>(reader, 4), Nullable<DateTimeOffset>(reader, 5), Nullable<DateOnly>(reader, 6), Nullable<DateOnly>(reader, 7),
                Nullable<Guid>(reader, 8), reader.GetBoolean(9), reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11));
        }

        if (delay.State != DelayStates.Accepted)
        {
            return delay;
        }

        var now = clock.GetUtcNow();
        var untargeted = delay is { PlacedFrom: null, PlacedBefore: null, ShipDateFrom: null, ShipDateTo: null };
        await using var begin = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                delay.Corrects is null
                    ? Sql.Batch("UPDATE products SET ship_date = @newShipDate, updated_at = @now WHERE product_id = @productId AND @untargeted",
                        ("productId", delay.ProductId), ("newShipDate", delay.NewShipDate), ("now", now), ("untargeted", untargeted))
                    : Sql.Batch("""
                        UPDATE products p SET ship_date = @newShipDate, updated_at = @now FROM delays o
                        WHERE p.product_id = @productId AND o.delay_id = @corrects AND p.ship_date = o.new_ship_date
                          AND o.placed_from IS NULL AND o.placed_before IS NULL AND o.ship_date_from IS NULL AND o.ship_date_to IS NULL
                        """, ("productId", delay.ProductId), ("newShipDate", delay.NewShipDate), ("now", now), ("corrects", delay.Corrects.Value)),
                Sql.Batch("UPDATE delays SET state = 'Marking' WHERE delay_id = @delayId", ("delayId", delayId)),
            },
        };
        await begin.ExecuteNonQueryAsync(cancellationToken);
        // The seller hears of it before any notice goes out; the totals follow with delay.marked, progress meanwhile.
        await feed.AppendAsync(connection, transaction, delay.SellerId, "delay.started", new
        {
            delayId, productId = delay.ProductId, newShipDate = delay.NewShipDate, reason = delay.Reason, corrects = delay.Corrects,
            targets = untargeted ? null : new { placedFrom = delay.PlacedFrom, placedBefore = delay.PlacedBefore, shipDateFrom = delay.ShipDateFrom, shipDateTo = delay.ShipDateTo },
            groupByShopper = delay.GroupByShopper,
        }, $"delay.started:{delayId}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await feed.WakeAsync(delay.SellerId, cancellationToken);
        return delay with { State = DelayStates.Marking };
    }

    /// <summary>
    /// Slice after slice: lock the delay (and check its cursor is where this attempt left it: another attempt may have moved
    /// it), mark the next orders, write their chunk rows and the delay's counts, commit, publish. Slices start small so the
    /// first notices leave early, and double up to <c>Business:DelaySliceSize</c>.
    /// </summary>
    async Task<Outcome?> MarkInSlicesAsync(Target delay, Action<IEnumerable<int>> publish, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var chunkSize = options.Value.DelayChunkSize;
        var sliceSize = Math.Min(options.Value.DelaySliceSize, Math.Max(chunkSize * 2, options.Value.DelayFirstSliceSize));
        var sql = SliceSql(delay);
        var cursor = delay.MarkedThrough;
        int affected = 0, notices = 0, chunks = 0, slices = 0;
        var recipients = new List<Recipient>(sliceSize);
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            recipients.Clear();
            string? through = null;
            int candidates = 0, nextChunk = -1;
            // The marking lock first, in a statement of its own: the slice statement's snapshot is then taken after it is held
            // and sees where the attempt that held it before left the cursor. (Batched: one round trip.)
            await using (var mark = new NpgsqlBatch(connection, transaction))
            {
                mark.BatchCommands.Add(MarkingLock(delay.DelayId));
                mark.BatchCommands.Add(Sql.Batch(sql, [.. TargetParameters(delay, clock.GetUtcNow()), ("cursor", cursor), ("sliceSize", sliceSize)]));
                await using var reader = await mark.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetBoolean(0))
                    {
                        (nextChunk, candidates, through) = (reader.IsDBNull(1) ? -1 : reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3));
                    }
                    else
                    {
                        recipients.Add(new Recipient(reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                            reader.IsDBNull(6) ? null : reader.GetString(6)));
                    }
                }
            }

            if (nextChunk < 0)
            {
                // The cursor is not where this attempt left it (or the delay is no longer marking): another attempt has it.
                logger.LogWarning("Delay {DelayId}: another attempt is marking it; this one stops", delay.DelayId);
                return null;
            }

            var last = candidates < sliceSize;
            var written = ChunkWriter.Form(recipients, chunkSize, groupByShopper: false);
            var (sliceNotices, numbers) = await WriteSliceAsync(connection, transaction, delay, written, nextChunk, recipients.Count,
                last ? null : through, last, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            publish(numbers);
            (affected, notices, chunks, slices, cursor) = (affected + recipients.Count, notices + sliceNotices, chunks + numbers.Count, slices + 1, through);
            if (last)
            {
                return new Outcome(affected, notices, chunks, slices, started.Elapsed);
            }

            sliceSize = Math.Min(sliceSize * 2, options.Value.DelaySliceSize);
        }
    }

    /// <summary>
    /// One transaction: mark every targeted order, then read the marked ones back in shopper order through a server-side cursor,
    /// a few thousand at a time, writing chunk rows in between (a shopper's orders never split across chunks).
    /// </summary>
    async Task<Outcome?> MarkGroupedAsync(Target delay, Action<IEnumerable<int>> publish, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlBatch(connection, transaction))
        {
            check.BatchCommands.Add(MarkingLock(delay.DelayId));
            check.BatchCommands.Add(Sql.Batch("SELECT next_chunk FROM delays WHERE delay_id = @delayId AND state = 'Marking'", ("delayId", delay.DelayId)));
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
        }

        var affected = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE orders o SET status = 'Delayed', ship_date = @newShipDate, delay_id = @delayId, delay_reason = @reason, updated_at = @now
            WHERE o.order_id IN (SELECT order_id FROM order_items WHERE product_id = @productId) AND {Filter(delay)}
            """, Sql.Parameters(TargetParameters(delay, clock.GetUtcNow())), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            DECLARE delay_notices NO SCROLL CURSOR FOR
            SELECT o.order_id, o.customer_id, o.contact_phone, o.contact_email FROM orders o
            WHERE o.order_id IN (SELECT order_id FROM order_items WHERE product_id = @productId) AND o.delay_id = @delayId
            ORDER BY o.customer_id, o.order_id DESC
            """, new { delayId = delay.DelayId, productId = delay.ProductId }, transaction, cancellationToken: cancellationToken));

        var chunkSize = options.Value.DelayChunkSize;
        var all = new List<int>();
        int notices = 0, next = 0;
        var recipients = new List<Recipient>(5000);
        var carried = new List<Recipient>();
        while (true)
        {
            recipients.Clear();
            recipients.AddRange(carried);
            carried.Clear();
            int fetched;
            await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition("FETCH 5000 FROM delay_notices", null, transaction,
                             cancellationToken: cancellationToken)))
            {
                fetched = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    fetched++;
                    recipients.Add(new Recipient(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
            }

            // The last shopper of a fetch may have more orders in the next one: carried over, so the shopper stays in one chunk.
            if (fetched > 0)
            {
                var lastShopper = recipients[^1].CustomerId;
                var cut = recipients.FindLastIndex(r => r.CustomerId != lastShopper) + 1;
                if (cut > 0)
                {
                    carried.AddRange(recipients.Skip(cut));
                    recipients.RemoveRange(cut, recipients.Count - cut);
                }
            }

            var done = fetched == 0;
            var written = ChunkWriter.Form(recipients, chunkSize, groupByShopper: true);
            var (sliceNotices, numbers) = await WriteSliceAsync(connection, transaction, delay, written, next, done ? affected : 0, null, done,
                cancellationToken);
            (notices, next) = (notices + sliceNotices, next + numbers.Count);
            all.AddRange(numbers);
            if (done)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        publish(all);
        return new Outcome(affected, notices, all.Count, 1, started.Elapsed);
    }

    /// <summary>
    /// The slice statement: take the delay's marking lock (a transaction-scoped advisory lock, not the delay's row, which the
    /// notify worker's senders update meanwhile), check the cursor is where this attempt left it, take the next candidates from
    /// the product's order lines, mark those the delay targets. First row: the delay's next chunk number (none if the check failed), the
    /// number of candidates and the last candidate's id; then one row per marked order with its contacts.
    /// </summary>
    static string SliceSql(Target delay) => $"""
        WITH d AS (SELECT next_chunk FROM delays WHERE delay_id = @delayId AND state = 'Marking' AND marked_through IS NOT DISTINCT FROM @cursor::text),
        c AS (SELECT order_id FROM order_items WHERE product_id = @productId AND (@cursor::text IS NULL OR order_id > @cursor::text) AND EXISTS (SELECT 1 FROM d)
              ORDER BY order_id LIMIT @sliceSize),
        u AS (UPDATE orders o SET status = 'Delayed', ship_date = @newShipDate, delay_id = @delayId, delay_reason = @reason, updated_at = @now
              WHERE o.order_id IN (SELECT order_id FROM c) AND {Filter(delay)}
              RETURNING o.order_id, o.customer_id, o.contact_phone, o.contact_email)
        SELECT true, (SELECT next_chunk FROM d), (SELECT count(*) FROM c)::int, (SELECT max(order_id) FROM c), NULL, NULL, NULL
        UNION ALL
        SELECT false, NULL, NULL, order_id, customer_id, contact_phone, contact_email FROM u
        """;

    /// <summary>
    /// Which candidate orders the delay takes. A delay: open orders (<c>Confirmed</c> or already <c>Delayed</c>), not one that was
    /// confirmed with this very date (after the product moved), within its targets; a correction: the orders its delay still holds.
    /// </summary>
    static string Filter(Target delay)
    {
        var filter = new StringBuilder(delay.Corrects is null
            ? "o.status IN ('Confirmed', 'Delayed') AND (o.status = 'Delayed' OR o.ship_date IS DISTINCT FROM @newShipDate)"
            : "o.status = 'Delayed' AND o.delay_id = @corrects::uuid");
        if (delay.PlacedFrom is not null)
        {
            filter.Append(" AND o.accepted_at >= @placedFrom::timestamptz");
        }

        if (delay.PlacedBefore is not null)
        {
            filter.Append(" AND o.accepted_at < @placedBefore::timestamptz");
        }

        if (delay.ShipDateFrom is not null)
        {
            filter.Append(" AND o.ship_date >= @shipDateFrom::date");
        }

        if (delay.ShipDateTo is not null)
        {
            filter.Append(" AND o.ship_date <= @shipDateTo::date");
        }

        return filter.ToString();
    }

    /// <summary>What <see cref="Filter"/> and the marking statements name (a slice adds <c>@cursor</c> and <c>@sliceSize</c>).</summary>
    static (string Name, object? Value)[] TargetParameters(Target delay, DateTimeOffset now) =>
    [
        ("delayId", delay.DelayId), ("newShipDate", delay.NewShipDate), ("reason", delay.Reason), ("now", now), ("productId", delay.ProductId),
        ("corrects", delay.Corrects), ("placedFrom", delay.PlacedFrom), ("placedBefore", delay.PlacedBefore), ("shipDateFrom", delay.ShipDateFrom),
        ("shipDateTo", delay.ShipDateTo),
    ];

    /// <summary>
    /// Whoever marks a delay holds this (transaction-scoped) lock: a second attempt at the same delay waits for the first's slice
    /// to commit, then finds the cursor moved and stops. The delay's row stays free for the senders' counts meanwhile.
    /// </summary>
    static NpgsqlBatchCommand MarkingLock(Guid delayId) =>
        Sql.Batch("SELECT pg_advisory_xact_lock(hashtextextended(@key::text, 0))", ("key", delayId.ToString()));

    /// <summary>
    /// Writes the slice's chunk rows and the delay's counts (one round trip): the cursor moves to <paramref name="through"/>;
    /// the last slice makes the delay <c>Fanning out</c> (or <c>Done</c>, when every notice was already sent or there are none)
    /// and puts <c>delay.marked</c> (the totals; and <c>delay.done</c>) on the seller's feed in the same transaction.
    /// </summary>
    async Task<(int Notices, List<int> Numbers)> WriteSliceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Target delay,
        List<ChunkWriter.Chunk> written, int nextChunk, int affected, string? through, bool last, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var numbers = new List<int>(written.Count);
        var notices = 0;
        foreach (var chunk in written)
        {
            batch.BatchCommands.Add(Sql.Batch("""
                INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts)
                VALUES (@delayId, @chunk, @channel, @orderIds, @recipients, 'Pending', 0)
                """, ("delayId", delay.DelayId), ("chunk", nextChunk + numbers.Count), ("channel", chunk.Channel), ("orderIds", chunk.OrderIds),
                ("recipients", chunk.Recipients)));
            numbers.Add(nextChunk + numbers.Count);
            notices += chunk.OrderIds.Length;
        }

        var now = clock.GetUtcNow();
        var counts = Sql.Batch("""
            UPDATE delays SET marked_through = @through::varchar, next_chunk = next_chunk + @chunks, affected = affected + @affected, notices = notices + @notices,
                state = CASE WHEN NOT @last THEN state WHEN notified + failed >= notices + @notices THEN 'Done' ELSE 'Fanning out' END,
                fanned_out_at = CASE WHEN @last THEN @now ELSE fanned_out_at END,
                done_at = CASE WHEN @last AND notified + failed >= notices + @notices THEN @now ELSE done_at END
            WHERE delay_id = @delayId
            RETURNING state, affected, notices, notified, failed, deferred
            """, ("delayId", delay.DelayId), ("through", through), ("chunks", numbers.Count), ("affected", affected), ("notices", notices),
            ("last", last), ("now", now));
        batch.BatchCommands.Add(counts);
        (string State, int Affected, int Notices, int Notified, int Failed, int Deferred)? after = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                if (reader.FieldCount == 6 && await reader.ReadAsync(cancellationToken))
                {
                    after = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        if (last && after is var (state, total, noticed, notified, failed, deferred))
        {
            var marked = new
            {
                delayId = delay.DelayId, productId = delay.ProductId, newShipDate = delay.NewShipDate, affected = total, notices = noticed,
                notified, failed, deferred, at = now,
            };
            await feed.AppendAsync(connection, transaction, delay.SellerId, "delay.marked", marked, $"delay.marked:{delay.DelayId}", cancellationToken);
            if (state == DelayStates.Done)
            {
                await feed.AppendAsync(connection, transaction, delay.SellerId, "delay.done", new
                {
                    delayId = delay.DelayId, productId = delay.ProductId, state, notices = noticed, notified, failed, deferred,
                    pending = noticed - notified - failed - deferred, at = now,
                }, $"delay.done:{delay.DelayId}", cancellationToken);
            }
        }

        return (notices, numbers);
    }

    async Task<List<int>> UnsentChunksAsync(Guid delayId, CancellationToken cancellationToken)
    {
        return await dataSource.QueryAsync<int>("SELECT chunk FROM delay_chunks WHERE delay_id = @delayId AND status IN ('Pending', 'Sending') ORDER BY chunk",
            new { delayId }, cancellationToken);
    }

    static T? Nullable<T>(DbDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
