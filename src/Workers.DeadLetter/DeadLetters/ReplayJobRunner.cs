using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// Runs the bulk replays on-call asks for (<c>POST /admin/dead-letters/replay</c>), one job at a time per instance, under a
/// lease in <c>replay_jobs</c> so that two instances never run the same job and a crash resumes on another one from the
/// job's cursor. Each batch is one transaction: lock the next rows (in id order, still <c>New</c>), publish them with
/// confirms, mark them <c>Replayed</c> with the requester, audit them and advance the cursor. A crash between the publish
/// and the commit sends that batch again on resume, which the consumers' inbox absorbs. Batches are paced to the job's rate;
/// a cancel takes effect before the next batch.
/// </summary>
public sealed class ReplayJobRunner(
    NpgsqlDataSource dataSource, DeadLetterReplay replay, IOptions<DeadLetterOptions> options, TimeProvider clock, ILogger<ReplayJobRunner> logger)
    : BackgroundService
{
    readonly string _owner = LeaseOwner();
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    sealed record Job(long Id, DeadLetterSelection Selection, long MaxId, int RatePerSecond, int BatchSize, long LastId, string RequestedBy);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.ReplayPollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            Job? job = null;
            try
            {
                job = await ClaimAsync(stoppingToken);
                if (job is null)
                {
                    await Task.Delay(poll, clock, stoppingToken);
                    continue;
                }

                await RunAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The lease runs out and the job is picked up again (here or elsewhere) from its cursor; the error shows in its progress.
                logger.LogError(e, "Replay job {ReplayJobId} failed a batch; it resumes when its lease runs out", job?.Id);
                if (job is not null)
                {
                    await RecordErrorAsync(job.Id, e.Message);
                }

                await Task.Delay(poll, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    async Task<Job?> ClaimAsync(CancellationToken cancellationToken)
    {
        var claimed = await dataSource.QuerySingleOrDefaultAsync<(long Id, string Selection, long MaxId, int Rate, int BatchSize, long LastId, string By)?>("""
            UPDATE replay_jobs SET lease_owner = @owner, lease_until = now() + make_interval(secs => @leaseSeconds),
                                   status = CASE status WHEN 'Pending' THEN 'Running' ELSE status END,
                                   started_at = coalesce(started_at, @now)
            WHERE id = (SELECT id FROM replay_jobs
                        WHERE status IN ('Pending', 'Running', 'Cancelling') AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, selection::text, max_id, rate_per_second, batch_size, last_id, requested_by
            """, new { owner = _owner, leaseSeconds = (double)options.Value.ReplayLeaseSeconds, now = clock.GetUtcNow() }, cancellationToken);
        if (claimed is not { } job)
        {
            return null;
        }

        var selection = JsonSerializer.Deserialize<DeadLetterSelection>(job.Selection, JsonOptions)!;
        return new Job(job.Id, selection, job.MaxId, job.Rate, job.BatchSize, job.LastId, job.By);
    }

    async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Replay job {ReplayJobId} running from id {LastId} at {Rate}/s", job.Id, job.LastId, job.RatePerSecond);
        var paced = Stopwatch.StartNew();
        var sent = 0L;
        var lastId = job.LastId;
        while (true)
        {
            var status = await RenewLeaseAsync(job.Id, cancellationToken);
            if (status is null)
            {
                logger.LogWarning("Replay job {ReplayJobId}: lease lost, another instance carries on", job.Id);
                return;
            }

            if (status == ReplayJobStatus.Cancelling)
            {
                await FinishAsync(job.Id, ReplayJobStatus.Cancelled, cancellationToken);
                logger.LogWarning("Replay job {ReplayJobId} cancelled after {Sent} messages in this run", job.Id, sent);
                return;
            }

            var (count, batchLastId) = await ReplayBatchAsync(job, lastId, cancellationToken);
            if (count < 0)
            {
                await FinishAsync(job.Id, ReplayJobStatus.Done, cancellationToken);
                logger.LogWarning("Replay job {ReplayJobId} done", job.Id);
                return;
            }

            lastId = batchLastId;
            sent += count;
            var due = TimeSpan.FromSeconds((double)sent / job.RatePerSecond) - paced.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, clock, cancellationToken);
            }
        }
    }

    /// <summary>Replays the next batch; returns (-1, _) when nothing is left, else how many were sent and the highest id handled.</summary>
    async Task<(int Count, long LastId)> ReplayBatchAsync(Job job, long afterId, CancellationToken cancellationToken)
    {
        var (condition, parameters) = job.Selection.ToSql();
        parameters.AddDynamicParams(new { afterId, maxId = job.MaxId, batchSize = job.BatchSize });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new List<ReplayRow>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition($"""
            SELECT {ReplayRow.Columns} FROM dead_letters
            WHERE id > @afterId AND id <= @maxId AND {condition} ORDER BY id LIMIT @batchSize FOR UPDATE
            """, parameters, transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add(ReplayRow.Read(reader));
            }
        }

        if (batch.Count == 0)
        {
            return (-1, afterId);
        }

        // Each row sent back or, if the broker refuses it, marked with why; the job moves on past both.
        var result = await replay.ReplayAsync(connection, transaction, batch, job.RequestedBy, job.Id, cancellationToken);
        var lastId = batch[^1].Id;
        var note = result.Refused.Count > 0
            ? $"{result.Refused.Count} not replayed in the last batch, e.g. dead letter {result.Refused[0].Id}: {result.Refused[0].Error}"
            : null;
        if (await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE replay_jobs SET replayed = replayed + @replayed, not_replayed = not_replayed + @refused, last_id = @lastId, error = @note
                WHERE id = @id AND lease_owner = @owner
                """, new { id = job.Id, owner = _owner, replayed = result.Replayed.Count, lastId, refused = result.Refused.Count, note }, transaction,
                cancellationToken: cancellationToken)) == 0)
        {
            throw new InvalidOperationException($"Replay job {job.Id}: lease lost before the batch was recorded");
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var (id, error) in result.Refused)
        {
            logger.LogWarning("Replay job {ReplayJobId}: dead letter {DeadLetterId} not replayed: {Error}", job.Id, id, error);
        }

        return (batch.Count, lastId);
    }

    async Task<string?> RenewLeaseAsync(long id, CancellationToken cancellationToken)
    {
        return await dataSource.ExecuteScalarAsync<string?>(
            "UPDATE replay_jobs SET lease_until = now() + make_interval(secs => @leaseSeconds) WHERE id = @id AND lease_owner = @owner RETURNING status",
            new { id, owner = _owner, leaseSeconds = (double)options.Value.ReplayLeaseSeconds }, cancellationToken);
    }

    async Task FinishAsync(long id, string status, CancellationToken cancellationToken)
    {
        await dataSource.ExecuteAsync("""
            UPDATE replay_jobs SET status = @status, finished_at = @now, skipped = greatest(0, total - replayed - not_replayed), lease_owner = NULL,
                                   lease_until = NULL
            WHERE id = @id AND lease_owner = @owner
            """, new { id, owner = _owner, status, now = clock.GetUtcNow() }, cancellationToken);
    }

    static string LeaseOwner()
    {
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return owner.Length > 128 ? owner[^128..] : owner;
    }

    async Task RecordErrorAsync(long id, string error)
    {
        try
        {
            await dataSource.ExecuteAsync("UPDATE replay_jobs SET error = @error WHERE id = @id", new { id, error = error.Length > 2000 ? error[..2000] : error },
                CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning(e, "Could not record the error of replay job {ReplayJobId}", id);
        }
    }
}
