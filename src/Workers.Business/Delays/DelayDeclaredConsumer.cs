using System.Diagnostics;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OrderPipeline.Contracts;
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
    ILogger<DelayDeclaredConsumer> logger) : IConsumer<DelayDeclared>
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
        await using (var read = new NpgsqlCommand("""
            SELECT seller_id, product_id, new_ship_date, reason, placed_from, placed_before, ship_date_from, ship_date_to, corrects,
                   group_by_shopper, state, marked_through
            FROM delays WHERE delay_id = $1 FOR UPDATE
            """, connection, transaction))
        {
            read.Parameters.AddWithValue(delayId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
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
                    ? new NpgsqlBatchCommand("UPDATE products SET ship_date = $2, updated_at = $3 WHERE product_id = $1 AND $4")
                    {
                        Parameters = { new() { Value = delay.ProductId }, new() { Value = delay.NewShipDate }, new() { Value = now }, new() { Value = untargeted } },
                    }
                    : new NpgsqlBatchCommand("""
                        UPDATE products p SET ship_date = $2, updated_at = $3 FROM delays o
                        WHERE p.product_id = $1 AND o.delay_id = $4 AND p.ship_date = o.new_ship_date
                          AND o.placed_from IS NULL AND o.placed_before IS NULL AND o.ship_date_from IS NULL AND o.ship_date_to IS NULL
                        """)
                    {
                        Parameters = { new() { Value = delay.ProductId }, new() { Value = delay.NewShipDate }, new() { Value = now }, new() { Value = delay.Corrects.Value } },
                    },
                new NpgsqlBatchCommand("UPDATE delays SET state = 'Marking' WHERE delay_id = $1") { Parameters = { new() { Value = delayId } } },
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
                var slice = new NpgsqlBatchCommand(sql);
                AddTargetParameters(slice.Parameters, delay, clock.GetUtcNow());
                slice.Parameters.Add(new NpgsqlParameter { Value = (object?)cursor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                slice.Parameters.AddWithValue(sliceSize);
                mark.BatchCommands.Add(MarkingLock(delay.DelayId));
                mark.BatchCommands.Add(slice);
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
            check.BatchCommands.Add(new NpgsqlBatchCommand("SELECT next_chunk FROM delays WHERE delay_id = $1 AND state = 'Marking'") { Parameters = { new() { Value = delay.DelayId } } });
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
        }

        int affected;
        await using (var mark = new NpgsqlCommand($"""
            UPDATE orders o SET status = 'Delayed', ship_date = $2, delay_id = $1, delay_reason = $3, updated_at = $4
            WHERE o.order_id IN (SELECT order_id FROM order_items WHERE product_id = $5) AND {Filter(delay)}
            """, connection, transaction))
        {
            AddTargetParameters(mark.Parameters, delay, clock.GetUtcNow());
            affected = await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var declare = new NpgsqlCommand("""
            DECLARE delay_notices NO SCROLL CURSOR FOR
            SELECT o.order_id, o.customer_id, o.contact_phone, o.contact_email FROM orders o
            WHERE o.order_id IN (SELECT order_id FROM order_items WHERE product_id = $2) AND o.delay_id = $1
            ORDER BY o.customer_id, o.order_id DESC
            """, connection, transaction))
        {
            declare.Parameters.AddWithValue(delay.DelayId);
            declare.Parameters.AddWithValue(delay.ProductId);
            await declare.ExecuteNonQueryAsync(cancellationToken);
        }

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
            await using (var fetch = new NpgsqlCommand("FETCH 5000 FROM delay_notices", connection, transaction))
            await using (var reader = await fetch.ExecuteReaderAsync(cancellationToken))
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
        WITH d AS (SELECT next_chunk FROM delays WHERE delay_id = $1 AND state = 'Marking' AND marked_through IS NOT DISTINCT FROM $11),
        c AS (SELECT order_id FROM order_items WHERE product_id = $5 AND ($11 IS NULL OR order_id > $11) AND EXISTS (SELECT 1 FROM d)
              ORDER BY order_id LIMIT $12),
        u AS (UPDATE orders o SET status = 'Delayed', ship_date = $2, delay_id = $1, delay_reason = $3, updated_at = $4
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
            ? "o.status IN ('Confirmed', 'Delayed') AND (o.status = 'Delayed' OR o.ship_date IS DISTINCT FROM $2)"
            : "o.status = 'Delayed' AND o.delay_id = $6");
        if (delay.PlacedFrom is not null)
        {
            filter.Append(" AND o.accepted_at >= $7");
        }

        if (delay.PlacedBefore is not null)
        {
            filter.Append(" AND o.accepted_at < $8");
        }

        if (delay.ShipDateFrom is not null)
        {
            filter.Append(" AND o.ship_date >= $9::date");
        }

        if (delay.ShipDateTo is not null)
        {
            filter.Append(" AND o.ship_date <= $10::date");
        }

        return filter.ToString();
    }

    /// <summary>$1 delay, $2 date, $3 reason, $4 now, $5 product, $6 corrects, $7/$8 placed range, $9/$10 ship date range (a slice adds $11, $12).</summary>
    static void AddTargetParameters(NpgsqlParameterCollection parameters, Target delay, DateTimeOffset now)
    {
        parameters.AddWithValue(delay.DelayId);
        parameters.AddWithValue(delay.NewShipDate);
        parameters.AddWithValue(delay.Reason);
        parameters.AddWithValue(now);
        parameters.AddWithValue(delay.ProductId);
        parameters.Add(new NpgsqlParameter { Value = (object?)delay.Corrects ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new NpgsqlParameter { Value = (object?)delay.PlacedFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter { Value = (object?)delay.PlacedBefore ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter { Value = (object?)delay.ShipDateFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        parameters.Add(new NpgsqlParameter { Value = (object?)delay.ShipDateTo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
    }

    /// <summary>
    /// Whoever marks a delay holds this (transaction-scoped) lock: a second attempt at the same delay waits for the first's slice
    /// to commit, then finds the cursor moved and stops. The delay's row stays free for the senders' counts meanwhile.
    /// </summary>
    static NpgsqlBatchCommand MarkingLock(Guid delayId) =>
        new("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))") { Parameters = { new() { Value = delayId.ToString() } } };

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
            var command = new NpgsqlBatchCommand("""
                INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts) VALUES ($1, $2, $3, $4, $5, 'Pending', 0)
                """);
            command.Parameters.AddWithValue(delay.DelayId);
            command.Parameters.AddWithValue(nextChunk + numbers.Count);
            command.Parameters.AddWithValue(chunk.Channel);
            command.Parameters.AddWithValue(chunk.OrderIds);
            command.Parameters.AddWithValue(chunk.Recipients);
            batch.BatchCommands.Add(command);
            numbers.Add(nextChunk + numbers.Count);
            notices += chunk.OrderIds.Length;
        }

        var now = clock.GetUtcNow();
        var counts = new NpgsqlBatchCommand("""
            UPDATE delays SET marked_through = $2, next_chunk = next_chunk + $3, affected = affected + $4, notices = notices + $5,
                state = CASE WHEN NOT $6 THEN state WHEN notified + failed >= notices + $5 THEN 'Done' ELSE 'Fanning out' END,
                fanned_out_at = CASE WHEN $6 THEN $7 ELSE fanned_out_at END,
                done_at = CASE WHEN $6 AND notified + failed >= notices + $5 THEN $7 ELSE done_at END
            WHERE delay_id = $1
            RETURNING state, affected, notices, notified, failed, deferred
            """);
        counts.Parameters.AddWithValue(delay.DelayId);
        counts.Parameters.Add(new NpgsqlParameter { Value = (object?)through ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        counts.Parameters.AddWithValue(numbers.Count);
        counts.Parameters.AddWithValue(affected);
        counts.Parameters.AddWithValue(notices);
        counts.Parameters.AddWithValue(last);
        counts.Parameters.AddWithValue(now);
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
        await using var command = dataSource.CreateCommand("SELECT chunk FROM delay_chunks WHERE delay_id = $1 AND status IN ('Pending', 'Sending') ORDER BY chunk");
        command.Parameters.AddWithValue(delayId);
        var list = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(reader.GetInt32(0));
        }

        return list;
    }

    static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
