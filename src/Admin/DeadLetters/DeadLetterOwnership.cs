using Dapper;
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
        var owner = await ReadOwnerAsync(connection, transaction, """
            INSERT INTO dead_letter_group_owners (fingerprint, assignee, assigned_by, assigned_at) VALUES (@fingerprint, @assignee, @actor, @now)
            ON CONFLICT (fingerprint) DO UPDATE SET assignee = excluded.assignee, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at
            WHERE dead_letter_group_owners.assignee = excluded.assignee OR @takeOver
            RETURNING assignee, assigned_by, assigned_at
            """, new { fingerprint, assignee, actor, now, takeOver }, cancellationToken);
        if (owner is null)
        {
            return (AssignOutcome.TakenBySomeoneElse, await ReadOwnerAsync(connection, transaction,
                "SELECT assignee, assigned_by, assigned_at FROM dead_letter_group_owners WHERE fingerprint = @fingerprint", new { fingerprint },
                cancellationToken));
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
        if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "DELETE FROM dead_letter_group_owners WHERE fingerprint = @fingerprint RETURNING assignee", new { fingerprint }, transaction,
                cancellationToken: cancellationToken)) is not { } previous)
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

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO dead_letter_notes (fingerprint, author, at, text) VALUES (@fingerprint, @actor, @now, @text) RETURNING id",
            new { fingerprint, actor, now, text }, transaction, cancellationToken: cancellationToken));
        await DeadLetterBulk.AuditAsync(connection, transaction, now, actor, "note", fingerprint, text, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new NoteView(id, actor, now, text);
    }

    static Task<bool> GroupExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM dead_letters WHERE fingerprint = @fingerprint)",
            new { fingerprint }, transaction, cancellationToken: cancellationToken));

    static async Task<GroupOwnerView?> ReadOwnerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object parameters,
        CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<(string Assignee, string AssignedBy, DateTimeOffset AssignedAt)?>(
                new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))
            is var (assignee, assignedBy, assignedAt)
            ? new GroupOwnerView(assignee, assignedBy, assignedAt)
            : null;
}
