using Npgsql;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Admin.DeadLetters;

/// <summary>
/// Replay and discard, one row at a time, each under the row's lock and written to <c>triage_audit</c>. A replay goes the
/// way a bulk replay does (<see cref="DeadLetterReplay"/>): the body exactly as received, with the original message id and
/// headers (minus the fault and retry bookkeeping), to the original queue, and the row marked only once the broker confirmed
/// it. If the process dies between the two, the row stays <c>New</c> and a second replay sends the message again, which the
/// consumers' inbox absorbs.
/// </summary>
public sealed class DeadLetterTriage(NpgsqlDataSource dataSource, DeadLetterReplay replay, TimeProvider clock, ILogger<DeadLetterTriage> logger)
{
    public async Task<(TriageOutcome Outcome, TriageResult? Result, string? Error)> ReplayAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT {ReplayRow.Columns}, status FROM dead_letters WHERE id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue(id);
        string status;
        ReplayRow row;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (TriageOutcome.NotFound, null, null);
            }

            (row, status) = (ReplayRow.Read(reader), reader.GetString(7));
        }

        if (status != DeadLetterStatus.New)
        {
            return (TriageOutcome.Conflict, null, null);
        }

        var result = await replay.ReplayAsync(connection, transaction, [row], actor, jobId: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (result.Refused is [var (_, error)])
        {
            logger.LogWarning("Dead letter {DeadLetterId} not replayed to {Queue} ({Actor}): {Error}", id, row.Queue, actor, error);
            return (TriageOutcome.Refused, null, error);
        }

        logger.LogWarning("Dead letter {DeadLetterId} replayed to {Queue} by {Actor}", id, row.Queue, actor);
        return (TriageOutcome.Done, new TriageResult(id, DeadLetterStatus.Replayed, actor, clock.GetUtcNow()), null);
    }

    public async Task<(TriageOutcome Outcome, TriageResult? Result)> DiscardAsync(long id, string actor, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand("SELECT status, fingerprint FROM dead_letters WHERE id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue(id);
        string status, fingerprint;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (TriageOutcome.NotFound, null);
            }

            (status, fingerprint) = (reader.GetString(0), reader.GetString(1));
        }

        if (status != DeadLetterStatus.New)
        {
            return (TriageOutcome.Conflict, null);
        }

        var now = clock.GetUtcNow();
        await MarkAsync(connection, transaction, id,
            "UPDATE dead_letters SET status = 'Discarded', discarded_at = $2, discarded_by = $3, discard_reason = $4 WHERE id = $1", now, actor, reason);
        await AuditAsync(connection, transaction, now, actor, "discard", id, fingerprint, reason);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("Dead letter {DeadLetterId} discarded by {Actor}: {Reason}", id, actor, reason);
        return (TriageOutcome.Done, new TriageResult(id, DeadLetterStatus.Discarded, actor, now));
    }

    static async Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(id);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync();
    }

    static async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset at, string actor, string action,
        long id, string fingerprint, string detail)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO triage_audit (at, actor, action, dead_letter_id, fingerprint, detail) VALUES ($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(actor);
        command.Parameters.AddWithValue(action);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(fingerprint);
        command.Parameters.AddWithValue(detail);
        await command.ExecuteNonQueryAsync();
    }
}
