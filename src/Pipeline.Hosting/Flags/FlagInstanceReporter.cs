using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

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
            await using var command = dataSource.CreateCommand("""
                INSERT INTO flag_instances (instance_id, service, host, process_id, started_at, applied_version, applied_at, heartbeat_at, database_reads, paused_queues,
                                            stopped_queues)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT (instance_id) DO UPDATE SET applied_version = excluded.applied_version, applied_at = excluded.applied_at,
                    heartbeat_at = excluded.heartbeat_at, database_reads = excluded.database_reads, paused_queues = excluded.paused_queues,
                    stopped_queues = excluded.stopped_queues
                """);
            command.Parameters.AddWithValue(InstanceId);
            command.Parameters.AddWithValue(environment.ApplicationName);
            command.Parameters.AddWithValue(Environment.MachineName);
            command.Parameters.AddWithValue(Environment.ProcessId);
            command.Parameters.AddWithValue(_startedAt.ToUniversalTime());
            command.Parameters.AddWithValue(cache.Version);
            command.Parameters.AddWithValue(appliedAt.ToUniversalTime());
            command.Parameters.AddWithValue(clock.GetUtcNow().ToUniversalTime());
            command.Parameters.AddWithValue(cache.DatabaseReads);
            command.Parameters.AddWithValue(pauses.PausedQueues);
            command.Parameters.AddWithValue(switches.StoppedQueues);
            await command.ExecuteNonQueryAsync(cancellationToken);
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
            await using var command = dataSource.CreateCommand("DELETE FROM flag_instances WHERE instance_id = $1");
            command.Parameters.AddWithValue(InstanceId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.LogDebug(e, "Could not remove this instance from flag_instances; its heartbeat will go stale");
        }
    }
}
