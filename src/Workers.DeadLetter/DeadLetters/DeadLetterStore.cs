using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.DeadLetter.DeadLetters;

public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts the rows in one statement and commits; rows already moved (same dedupe key) are skipped.</summary>
    public async Task<int> InsertAsync(IReadOnlyList<Data.DeadLetters.DeadLetter> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        return await dataSource.ExecuteAsync("""
            INSERT INTO dead_letters (dedupe_key, queue, source_queue, kind, message_type, message_id, correlation_id, order_id, seller_id,
                                      body, content_type, headers, exception_type, exception_message, stack_trace, consumer_type,
                                      retry_count, first_failed_at, moved_at, fingerprint, parse_error, status, replay_of)
            -- A replayed message that failed again links to the row it was replayed from (its OP-Replay-Of header), if that row is still kept.
            SELECT u.dedupe_key, u.queue, u.source_queue, u.kind, u.message_type, u.message_id, u.correlation_id, u.order_id, u.seller_id,
                   u.body, u.content_type, u.headers, u.exception_type, u.exception_message, u.stack_trace, u.consumer_type,
                   u.retry_count, u.first_failed_at, u.moved_at, u.fingerprint, u.parse_error, u.status,
                   (SELECT d.id FROM dead_letters d WHERE d.id = u.replay_of)
            FROM unnest(@dedupeKeys::text[], @queues::text[], @sourceQueues::text[], @kinds::text[], @messageTypes::text[], @messageIds::text[], @correlationIds::text[], @orderIds::text[], @sellerIds::text[],
                        @bodies::bytea[], @contentTypes::text[], @headers::jsonb[], @exceptionTypes::text[], @exceptionMessages::text[], @stackTraces::text[], @consumerTypes::text[],
                        @retryCounts::int[], @firstFailedAt::timestamptz[], @movedAt::timestamptz[], @fingerprints::text[], @parseErrors::text[], @statuses::text[], @replayOf::bigint[])
                 AS u(dedupe_key, queue, source_queue, kind, message_type, message_id, correlation_id, order_id, seller_id,
                      body, content_type, headers, exception_type, exception_message, stack_trace, consumer_type,
                      retry_count, first_failed_at, moved_at, fingerprint, parse_error, status, replay_of)
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new
        {
            dedupeKeys = rows.Select(r => r.DedupeKey).ToArray(),
            queues = rows.Select(r => r.Queue).ToArray(),
            sourceQueues = rows.Select(r => r.SourceQueue).ToArray(),
            kinds = rows.Select(r => r.Kind).ToArray(),
            messageTypes = rows.Select(r => Cut(r.MessageType, 512)).ToArray(),
            messageIds = rows.Select(r => Cut(r.MessageId, 128)).ToArray(),
            correlationIds = rows.Select(r => Cut(r.CorrelationId, 128)).ToArray(),
            orderIds = rows.Select(r => Cut(r.OrderId, 64)).ToArray(),
            sellerIds = rows.Select(r => Cut(r.SellerId, 64)).ToArray(),
            bodies = rows.Select(r => r.Body).ToArray(),
            contentTypes = rows.Select(r => Cut(r.ContentType, 128)).ToArray(),
            headers = rows.Select(r => r.Headers.RootElement.GetRawText()).ToArray(),
            exceptionTypes = rows.Select(r => Cut(r.ExceptionType, 512)).ToArray(),
            exceptionMessages = rows.Select(r => r.ExceptionMessage).ToArray(),
            stackTraces = rows.Select(r => r.StackTrace).ToArray(),
            consumerTypes = rows.Select(r => Cut(r.ConsumerType, 512)).ToArray(),
            retryCounts = rows.Select(r => r.RetryCount).ToArray(),
            firstFailedAt = rows.Select(r => r.FirstFailedAt?.ToUniversalTime()).ToArray(),
            movedAt = rows.Select(r => r.MovedAt.ToUniversalTime()).ToArray(),
            fingerprints = rows.Select(r => r.Fingerprint).ToArray(),
            parseErrors = rows.Select(r => r.ParseError).ToArray(),
            statuses = rows.Select(r => r.Status).ToArray(),
            replayOf = rows.Select(r => r.ReplayOf).ToArray(),
        }, cancellationToken);
    }

    static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
