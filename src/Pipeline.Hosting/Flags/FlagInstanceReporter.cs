using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Hosting.Flags;

/// <summary>
/// This process's row in <c>flag_instances</c>: the flag version it has applied and when, written after every load and
/// every heartbeat, and removed on a clean stop. A process that dies leaves a row whose
/// heartbeat goes stale; the flags API stops counting it after <c>Flags:InstanceTimeoutSeconds</c>.
/// </summary>
public sealed class FlagInstanceReporter(NpgsqlDataSource dataSource, FlagCache cache, EndpointPauses pauses, Retries.KillSwitches switches,
    IHostEnvironment environment,
    TimeProvider clock, ILogger<FlagInstanceReporter> logger)
{
    readonly DateTimeOffset _startedAt = clock.GetUtcNow();
    bool _failing;

    public string InstanceId { get; } = $"{environment.ApplicationName}@{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (cache.VersionAppliedAt is not { } appliedAt)
        {
            return;
        }

        try
        {
            await dataSource.ExecuteAsync("""
                INSERT INTO flag_instances (instance_id, service, host, process_id, started_at, applied_version, applied_at, heartbeat_at, database_reads, paused_queues,
                                            stopped_queues)
                VALUES (@instanceId, @service, @host, @processId, @startedAt, @appliedVersion, @appliedAt, @heartbeatAt, @databaseReads,
                        @pausedQueues, @stoppedQueues)
                ON CONFLICT (instance_id) DO UPDATE SET applied_version = excluded.applied_version, applied_at = excluded.applied_at,
                    heartbeat_at = excluded.heartbeat_at, database_reads = excluded.database_reads, paused_queues = excluded.paused_queues,
                    stopped_queues = excluded.stopped_queues
                """, new
            {
                instanceId = InstanceId, service = environment.ApplicationName, host = Environment.MachineName, processId = Environment.ProcessId,
                startedAt = _startedAt.ToUniversalTime(), appliedVersion = cache.Version, appliedAt = appliedAt.ToUniversalTime(),
                heartbeatAt = clock.GetUtcNow().ToUniversalTime(), databaseReads = cache.DatabaseReads, pausedQueues = pauses.PausedQueues,
                stoppedQueues = switches.StoppedQueues,
            }, cancellationToken);
            _failing = false;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                logger.LogWarning(e, "Cannot report the applied flag version; the flags API will list this instance as not acknowledging");
            }

            _failing = true;
        }
    }

    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await dataSource.ExecuteAsync("DELETE FROM flag_instances WHERE instance_id = @instanceId", new { instanceId = InstanceId }, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.LogDebug(e, "Could not remove this instance from flag_instances; its heartbeat will go stale");
        }
    }
}
