using System.Data.Common;
using System.Text.Json;
using Dapper;
using Npgsql;
using OrderPipeline.Data.DeadLetters;

namespace OrderPipeline.Admin.DeadLetters;

/// <summary>
/// Bulk triage: a dry run of a selection, a paced replay job (run by the dead-letter worker, see <c>ReplayJobRunner</c>),
/// its progress and cancel, and a set-based discard. Every change is written to <c>triage_audit</c>, one row per dead letter.
/// </summary>
public sealed class DeadLetterBulk(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DeadLetterBulk> logger)
{
    public const int DefaultRatePerSecond = 50;
    public const int DefaultBatchSize = 50;

    public async Task<DryRunResult> DryRunAsync(DeadLetterSelection selection, CancellationToken cancellationToken)
    {
        var (condition, parameters) = selection.ToSql();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var byQueue = await CountByAsync(connection, "queue", condition, parameters, cancellationToken);
        var byFingerprint = await CountByAsync(connection, "fingerprint", condition, parameters, cancellationToken);
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM dead_letters WHERE {condition} ORDER BY id LIMIT 20", parameters, cancellationToken: cancellationToken))).AsList();

        return new DryRunResult(true, byQueue.Sum(c => c.Count), byQueue, byFingerprint, ids);
    }

    /// <summary>Creates the job; the rows it covers are fixed now (New, matching, at most the newest id of this moment).</summary>
    public async Task<ReplayJobView> StartReplayAsync(DeadLetterSelection selection, int ratePerSecond, int batchSize, string actor,
        CancellationToken cancellationToken)
    {
        var (condition, parameters) = selection.ToSql();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        parameters.AddDynamicParams(new { actor, now, selection = JsonSerializer.Serialize(selection, JsonOptions), ratePerSecond, batchSize });
        var (id, total) = await connection.QuerySingleAsync<(long, int)>(new CommandDefinition($"""
            WITH bound AS (SELECT coalesce(max(id), 0) AS max_id FROM dead_letters),
                 matched AS (SELECT count(*)::int AS total FROM dead_letters, bound WHERE id <= bound.max_id AND {condition})
            INSERT INTO replay_jobs (requested_by, requested_at, selection, max_id, rate_per_second, batch_size, status, total,
                                     replayed, skipped, last_id)
            SELECT @actor, @now, @selection::jsonb, bound.max_id, @ratePerSecond, @batchSize, 'Pending', matched.total, 0, 0, 0 FROM bound, matched
            RETURNING id, total
            """, parameters, transaction, cancellationToken: cancellationToken));

        await AuditAsync(connection, transaction, now, actor, "replay-requested", selection.Fingerprint,
            $"replay job {id}: {total} dead letters at {ratePerSecond}/s in batches of {batchSize}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("Replay job {ReplayJobId} requested by {Actor}: {Total} dead letters at {Rate}/s", id, actor, total, ratePerSecond);
        return (await GetReplayAsync(id, cancellationToken))!;
    }

    public async Task<ReplayJobView?> GetReplayAsync(long id, CancellationToken cancellationToken) =>
        (await ReplayJobsAsync("WHERE j.id = @id", new { id }, cancellationToken)).SingleOrDefault();

    public Task<List<ReplayJobView>> RecentReplaysAsync(CancellationToken cancellationToken) =>
        ReplayJobsAsync("ORDER BY j.id DESC LIMIT 50", null, cancellationToken);

    /// <summary>A pending job is cancelled at once; a running one stops after its current batch (status <c>Cancelling</c>, then <c>Cancelled</c>).</summary>
    public async Task<(TriageOutcome Outcome, ReplayJobView? Job)> CancelReplayAsync(long id, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE replay_jobs SET status = CASE status WHEN 'Pending' THEN 'Cancelled' ELSE 'Cancelling' END,
                                   finished_at = CASE status WHEN 'Pending' THEN @now ELSE finished_at END,
                                   cancelled_by = @actor
            WHERE id = @id AND status IN ('Pending', 'Running')
            """, new { id, now, actor }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var existing = await GetReplayAsync(id, cancellationToken);
            return (existing is null ? TriageOutcome.NotFound : TriageOutcome.Conflict, existing);
        }

        await AuditAsync(connection, transaction, now, actor, "replay-cancelled", null, $"replay job {id}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("Replay job {ReplayJobId} cancelled by {Actor}", id, actor);
        return (TriageOutcome.Done, await GetReplayAsync(id, cancellationToken));
    }

    /// <summary>Marks every selected <c>New</c> row <c>Discarded</c> in one statement, with one audit row each.</summary>
    public async Task<BulkDiscardResult> DiscardAsync(DeadLetterSelection selection, string reason, string actor, CancellationToken cancellationToken)
    {
        var (condition, parameters) = selection.ToSql();
        var now = clock.GetUtcNow();
        parameters.AddDynamicParams(new { now, actor, reason });
        await using var connection = dataSource.CreateConnection();
        var count = await connection.ExecuteAsync(new CommandDefinition($"""
            WITH discarded AS (
                UPDATE dead_letters SET status = 'Discarded', discarded_at = @now, discarded_by = @actor, discard_reason = @reason
                WHERE {condition}
                RETURNING id, fingerprint)
            INSERT INTO triage_audit (at, actor, action, dead_letter_id, fingerprint, detail)
            SELECT @now, @actor, 'discard', id, fingerprint, @reason FROM discarded
            """, parameters, cancellationToken: cancellationToken));
        logger.LogWarning("{Count} dead letters discarded by {Actor}: {Reason}", count, actor, reason);
        return new BulkDiscardResult(count, actor, now, reason);
    }

    async Task<List<ReplayJobView>> ReplayJobsAsync(string tail, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = dataSource.CreateConnection();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition($"""
            SELECT j.id, j.status, j.requested_by, j.requested_at, j.selection::text, j.rate_per_second, j.batch_size, j.total, j.replayed,
                   j.skipped, j.started_at, j.finished_at, j.cancelled_by, j.error, j.not_replayed,
                   (SELECT count(*) FROM dead_letters again JOIN dead_letters sent ON again.replay_of = sent.id WHERE sent.replay_job_id = j.id)
            FROM replay_jobs j {tail}
            """, parameters, cancellationToken: cancellationToken));
        var jobs = new List<ReplayJobView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (total, replayed, skipped, notReplayed) = (reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(14));
            jobs.Add(new ReplayJobView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                JsonDocument.Parse(reader.GetString(4)).RootElement.Clone(), reader.GetInt32(5), reader.GetInt32(6), total, replayed, skipped,
                notReplayed, reader.GetInt64(15), Math.Max(0, total - replayed - skipped - notReplayed), NullableTime(reader, 10), NullableTime(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return jobs;
    }

    static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    static async Task<List<CountBy>> CountByAsync(NpgsqlConnection connection, string column, string condition, DynamicParameters parameters,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(
            $"SELECT {column}, count(*) FROM dead_letters WHERE {condition} GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT 100", parameters,
            cancellationToken: cancellationToken)))
        .Select(c => new CountBy(c.Key, c.Count)).ToList();

    internal static async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset at, string actor,
        string action, string? fingerprint, string detail, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO triage_audit (at, actor, action, fingerprint, detail) VALUES (@at, @actor, @action, @fingerprint, @detail)",
            new { at, actor, action, fingerprint, detail }, transaction, cancellationToken: cancellationToken));
    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
