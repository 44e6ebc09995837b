using Npgsql;

namespace OrderPipeline.Admin.DeadLetters;

/// <summary>Who works on a failure group, and the notes on it; each change is audited.</summary>
public sealed class DeadLetterOwnership(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DeadLetterOwnership> logger)
{
    public async Task<(AssignOutcome Outcome, GroupOwnerView? Owner)> AssignAsync(string fingerprint, string assignee, bool takeOver, string actor,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await GroupExistsAsync(connection, transaction, fingerprint, cancellationToken))
        {
            return (AssignOutcome.NoSuchGroup, null);
        }

        // Atomic: a second person asking for a group that is already someone else's gets the current owner back, not the group.
        await using var upsert = DeadLetterBulk.Command(connection, """
            INSERT INTO dead_letter_group_owners (fingerprint, assignee, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (fingerprint) DO UPDATE SET assignee = excluded.assignee, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at
            WHERE dead_letter_group_owners.assignee = excluded.assignee OR $5
            RETURNING assignee, assigned_by, assigned_at
            """, [fingerprint, assignee, actor, now, takeOver]);
        upsert.Transaction = transaction;
        var owner = await ReadOwnerAsync(upsert, cancellationToken);
        if (owner is null)
        {
            await using var current = DeadLetterBulk.Command(connection,
                "SELECT assignee, assigned_by, assigned_at FROM dead_letter_group_owners WHERE fingerprint = $1", [fingerprint]);
            current.Transaction = transaction;
            return (AssignOutcome.TakenBySomeoneElse, await ReadOwnerAsync(current, cancellationToken));
        }

        await DeadLetterBulk.AuditAsync(connection, transaction, now, actor, "assign", fingerprint, $"assigned to {assignee}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Dead-letter group {Fingerprint} assigned to {Assignee} by {Actor}", fingerprint, assignee, actor);
        return (AssignOutcome.Assigned, owner);
    }

    public async Task<bool> ReleaseAsync(string fingerprint, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var delete = DeadLetterBulk.Command(connection,
            "DELETE FROM dead_letter_group_owners WHERE fingerprint = $1 RETURNING assignee", [fingerprint]);
        delete.Transaction = transaction;
        if (await delete.ExecuteScalarAsync(cancellationToken) is not string previous)
        {
            return false;
        }

        await DeadLetterBulk.AuditAsync(connection, transaction, now, actor, "unassign", fingerprint, $"released from {previous}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<NoteView?> AddNoteAsync(string fingerprint, string text, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await GroupExistsAsync(connection, transaction, fingerprint, cancellationToken))
        {
            return null;
        }

        await using var insert = DeadLetterBulk.Command(connection,
            "INSERT INTO dead_letter_notes (fingerprint, author, at, text) VALUES ($1, $2, $3, $4) RETURNING id", [fingerprint, actor, now, text]);
        insert.Transaction = transaction;
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await DeadLetterBulk.AuditAsync(connection, transaction, now, actor, "note", fingerprint, text, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new NoteView(id, actor, now, text);
    }

    static async Task<bool> GroupExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, CancellationToken cancellationToken)
    {
        await using var exists = DeadLetterBulk.Command(connection, "SELECT EXISTS (SELECT 1 FROM dead_letters WHERE fingerprint = $1)", [fingerprint]);
        exists.Transaction = transaction;
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
    }

    static async Task<GroupOwnerView?> ReadOwnerAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GroupOwnerView(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }
}
