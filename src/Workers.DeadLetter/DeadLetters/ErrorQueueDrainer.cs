using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Telemetry;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// Moves messages from the error queues into <c>dead_letters</c>: take a batch (unacked), commit its rows, then ack
/// the batch. A crash before the commit leaves the messages in the queue; a crash after it redelivers messages
/// whose rows exist, and their dedupe key makes the second insert a no-op. Nothing is lost, nothing doubled.
/// </summary>
public sealed class ErrorQueueDrainer(
    RabbitConnection rabbit,
    IOptions<DeadLetterOptions> options,
    DeadLetterStore store,
    TimeProvider clock,
    IMeterFactory meters,
    ILogger<ErrorQueueDrainer> logger)
{
    public const string MeterName = "OrderPipeline.DeadLetter";

    readonly Counter<long> _moved = meters.Create(MeterName).CreateCounter<long>("orderpipeline.deadletters.moved", "{message}",
        "Dead letters moved into the table, by queue and failure group (fingerprint)");
    IConnection? _declaredOn;

    /// <summary>Drains every queue in turn; a queue that fails is logged and left for the next run, and the others are still drained.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        var connection = await ConnectionAsync(cancellationToken);
        foreach (var queue in options.Value.QueuesToDrain())
        {
            try
            {
                moved += await DrainQueueAsync(connection, queue, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not move dead letters from {Queue}; its messages stay there and the next run tries again", queue);
            }
        }

        return moved;
    }

    async Task<int> DrainQueueAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            return 0; // no such queue yet: nothing has failed there
        }

        var moved = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new List<Data.DeadLetters.DeadLetter>();
            ulong lastTag = 0;
            while (batch.Count < options.Value.BatchSize && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
            {
                var properties = message.BasicProperties;
                var raw = new RawMessage(queue, message.Body.ToArray(),
                    (IReadOnlyDictionary<string, object?>?)properties.Headers?.ToDictionary() ?? new Dictionary<string, object?>(),
                    properties.MessageId, properties.CorrelationId, properties.ContentType);
                batch.AddRange(Parse(raw));
                lastTag = message.DeliveryTag;
            }

            if (batch.Count == 0)
            {
                break;
            }

            var inserted = await InsertAsync(batch, cancellationToken);
            foreach (var row in batch)
            {
                Record(row);
            }
            await channel.BasicAckAsync(lastTag, multiple: true, cancellationToken);
            moved += batch.Count;
            logger.LogWarning("Moved {Count} dead letters from {Queue} ({New} new, {Repeats} already stored)",
                batch.Count, queue, inserted, batch.Count - inserted);
        }

        return moved;
    }

    /// <summary>Counts the move, and records it in the message's own trace (its order's, for a message about one order).</summary>
    void Record(Data.DeadLetters.DeadLetter row)
    {
        _moved.Add(1, new KeyValuePair<string, object?>("queue", row.Queue), new KeyValuePair<string, object?>("group", row.Fingerprint));
        var trace = row.Headers.RootElement.ValueKind == JsonValueKind.Object
                    && row.Headers.RootElement.TryGetProperty(PipelineTelemetry.MessageTraceHeader, out var header) && header.ValueKind == JsonValueKind.String
            ? header.GetString()
            : null;
        PipelineTelemetry.RecordOrderHop("dead letter", trace, row.OrderId, row.FirstFailedAt ?? row.MovedAt, row.MovedAt, row.Fingerprint);
    }

    IReadOnlyList<Data.DeadLetters.DeadLetter> Parse(RawMessage raw)
    {
        try
        {
            return DeadLetterParser.ParseAll(raw, clock.GetUtcNow());
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not read a message from {Queue}; storing its body as received", raw.SourceQueue);
            return [DeadLetterParser.Unparsed(raw, clock.GetUtcNow(), e)];
        }
    }

    /// <summary>
    /// The batch in one statement; if the database refuses a value in it, row by row, and a row it still refuses as the bare
    /// message (body and reason), so one poison message never keeps the rest of its queue from moving.
    /// </summary>
    async Task<int> InsertAsync(List<Data.DeadLetters.DeadLetter> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await store.InsertAsync(batch, cancellationToken);
        }
        catch (Npgsql.PostgresException e) when (Hosting.Retries.Faults.IsDataError(e.SqlState))
        {
            logger.LogWarning(e, "A dead letter of this batch was refused by the database; storing the batch row by row");
        }

        var inserted = 0;
        foreach (var row in batch)
        {
            try
            {
                inserted += await store.InsertAsync([row], cancellationToken);
            }
            catch (Npgsql.PostgresException e) when (Hosting.Retries.Faults.IsDataError(e.SqlState))
            {
                var raw = new RawMessage(row.SourceQueue, row.Body, new Dictionary<string, object?>(), row.MessageId, null, row.ContentType);
                inserted += await store.InsertAsync([DeadLetterParser.Unparsed(raw, row.MovedAt, e)], cancellationToken);
            }
        }

        return inserted;
    }

    async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await rabbit.GetAsync(cancellationToken);
        if (!ReferenceEquals(connection, _declaredOn))
        {
            await DeclareDeliveryLimitQueueAsync(connection, cancellationToken);
            _declaredOn = connection;
        }

        return connection;
    }

    /// <summary>Where the vhost policy sends messages that hit a quorum queue's delivery limit (rabbitmq/create-vhost.sh).</summary>
    static async Task DeclareDeliveryLimitQueueAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(DeliveryLimitExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterParser.DeliveryLimitQueue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterParser.DeliveryLimitQueue, DeliveryLimitExchange, "", cancellationToken: cancellationToken);
    }

    public const string DeliveryLimitExchange = "op.delivery-limit";
}
