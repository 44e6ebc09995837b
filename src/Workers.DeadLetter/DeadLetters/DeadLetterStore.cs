using Npgsql;
using NpgsqlTypes;

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

        await using var command = dataSource.CreateCommand("""
            INSERT INTO dead_letters (dedupe_key, queue, source_queue, kind, message_type, message_id, correlation_id, order_id, seller_id,
                                      body, content_type, headers, exception_type, exception_message, stack_trace, consumer_type,
                                      retry_count, first_failed_at, moved_at, fingerprint, parse_error, status, replay_of)
            -- A replayed message that failed again links to the row it was replayed from (its OP-Replay-Of header), if that row is still kept.
            SELECT u.dedupe_key, u.queue, u.source_queue, u.kind, u.message_type, u.message_id, u.correlation_id, u.order_id, u.seller_id,
                   u.body, u.content_type, u.headers, u.exception_type, u.exception_message, u.stack_trace, u.consumer_type,
                   u.retry_count, u.first_failed_at, u.moved_at, u.fingerprint, u.parse_error, u.status,
                   (SELECT d.id FROM dead_letters d WHERE d.id = u.replay_of)
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                        $10::bytea[], $11::text[], $12::jsonb[], $13::text[], $14::text[], $15::text[], $16::text[],
                        $17::int[], $18::timestamptz[], $19::timestamptz[], $20::text[], $21::text[], $22::text[], $23::bigint[])
                 AS u(dedupe_key, queue, source_queue, kind, message_type, message_id, correlation_id, order_id, seller_id,
                      body, content_type, headers, exception_type, exception_message, stack_trace, consumer_type,
                      retry_count, first_failed_at, moved_at, fingerprint, parse_error, status, replay_of)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        Text(command, rows.Select(r => r.DedupeKey));
        Text(command, rows.Select(r => r.Queue));
        Text(command, rows.Select(r => r.SourceQueue));
        Text(command, rows.Select(r => r.Kind));
        Text(command, rows.Select(r => Cut(r.MessageType, 512)));
        Text(command, rows.Select(r => Cut(r.MessageId, 128)));
        Text(command, rows.Select(r => Cut(r.CorrelationId, 128)));
        Text(command, rows.Select(r => Cut(r.OrderId, 64)));
        Text(command, rows.Select(r => Cut(r.SellerId, 64)));
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Body).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        Text(command, rows.Select(r => Cut(r.ContentType, 128)));
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Headers.RootElement.GetRawText()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        Text(command, rows.Select(r => Cut(r.ExceptionType, 512)));
        Text(command, rows.Select(r => r.ExceptionMessage));
        Text(command, rows.Select(r => r.StackTrace));
        Text(command, rows.Select(r => Cut(r.ConsumerType, 512)));
        command.Parameters.AddWithValue(rows.Select(r => r.RetryCount).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.FirstFailedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(rows.Select(r => r.MovedAt.ToUniversalTime()).ToArray());
        Text(command, rows.Select(r => r.Fingerprint));
        Text(command, rows.Select(r => r.ParseError));
        Text(command, rows.Select(r => r.Status));
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.ReplayOf).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static void Text(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
