using Dapper;
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
        string status;
        ReplayRow row;
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT {ReplayRow.Columns}, status FROM dead_letters WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: cancellationToken)))
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
        var found = await connection.QuerySingleOrDefaultAsync<(string Status, string Fingerprint)?>(new CommandDefinition(
            "SELECT status, fingerprint FROM dead_letters WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: cancellationToken));
        if (found is not var (status, fingerprint))
        {
            return (TriageOutcome.NotFound, null);
        }

        if (status != DeadLetterStatus.New)
        {
            return (TriageOutcome.Conflict, null);
        }

        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE dead_letters SET status = 'Discarded', discarded_at = @now, discarded_by = @actor, discard_reason = @reason WHERE id = @id;
            INSERT INTO triage_audit (at, actor, action, dead_letter_id, fingerprint, detail) VALUES (@now, @actor, 'discard', @id, @fingerprint, @reason);
            """, new { id, now, actor, reason, fingerprint }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("Dead letter {DeadLetterId} discarded by {Actor}: {Reason}", id, actor, reason);
        return (TriageOutcome.Done, new TriageResult(id, DeadLetterStatus.Discarded, actor, now));
    }
}
