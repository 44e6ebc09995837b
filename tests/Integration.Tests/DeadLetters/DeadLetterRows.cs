using Dapper;

namespace OrderPipeline.Integration.Tests.DeadLetters;

public sealed record DeadLetterRow(
    long Id, string Queue, string SourceQueue, string Kind, string? MessageType, string? MessageId, string? OrderId, byte[] Body,
    string Headers, string? ExceptionType, string? ExceptionMessage, string? StackTrace, string? ConsumerType, int RetryCount,
    DateTimeOffset? FirstFailedAt, string Fingerprint, string? ParseError, string Status);

public static class DeadLetterRows
{
    const string Columns = """
        id, queue, source_queue, kind, message_type, message_id, order_id, body, headers::text, exception_type, exception_message,
        stack_trace, consumer_type, retry_count, first_failed_at, fingerprint, parse_error, status
        """;

    public static async Task<DeadLetterRow?> FindAsync(TestDatabase database, string orderId) =>
        (await QueryAsync(database, $"SELECT {Columns} FROM dead_letters WHERE order_id = @value", orderId)).SingleOrDefault();

    /// <summary>Every row of an order, oldest first (a replayed message that failed again has a second one).</summary>
    public static Task<List<DeadLetterRow>> ForOrderAsync(TestDatabase database, string orderId) =>
        QueryAsync(database, $"SELECT {Columns} FROM dead_letters WHERE order_id = @value ORDER BY id", orderId);

    public static Task<List<DeadLetterRow>> FromQueueAsync(TestDatabase database, string sourceQueue) =>
        QueryAsync(database, $"SELECT {Columns} FROM dead_letters WHERE source_queue = @value ORDER BY id", sourceQueue);

    static async Task<List<DeadLetterRow>> QueryAsync(TestDatabase database, string sql, string value)
    {
        await using var connection = database.DataSource.CreateConnection();
        await using var reader = await connection.ExecuteReaderAsync(sql, new { value });
        var rows = new List<DeadLetterRow>();
        while (await reader.ReadAsync())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new DeadLetterRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6),
                reader.GetFieldValue<byte[]>(7), reader.GetString(8), Text(9), Text(10), Text(11), Text(12), reader.GetInt32(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14), reader.GetString(15), Text(16), reader.GetString(17)));
        }

        return rows;
    }
}
