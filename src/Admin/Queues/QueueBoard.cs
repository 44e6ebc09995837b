using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Admin.Queues;

/// <summary>
/// Every work queue of the catalogue with its retry, error and skipped queues: the broker's counts and rates, and what the
/// live hosts say about consuming them (paused by a flag, stopped by the kill switch; from <c>flag_instances</c>).
/// </summary>
public sealed class QueueBoard(RabbitManagement management, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration)
{
    public async Task<QueueBoardView> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<QueueStats> stats;
        string? brokerError = null;
        try
        {
            stats = await management.QueuesAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            (stats, brokerError) = ([], $"RabbitMQ's management API did not answer: {e.Message}");
        }

        var liveSince = now - TimeSpan.FromSeconds(configuration.GetValue("Flags:InstanceTimeoutSeconds", 20));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        var instances = await db.FlagInstances.AsNoTracking().Where(i => i.HeartbeatAt > liveSince)
            .Select(i => new { i.InstanceId, i.PausedQueues, i.StoppedQueues }).ToListAsync(cancellationToken);
        var byName = stats.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var rows = new List<QueueRow>();
        foreach (var work in PipelineQueues.Work)
        {
            var paused = instances.Where(i => i.PausedQueues.Contains(work.Name)).Select(i => i.InstanceId).ToList();
            var stopped = instances.Where(i => i.StoppedQueues.Contains(work.Name)).Select(i => i.InstanceId).ToList();
            rows.Add(Row(work.Name, work.Name, "work", work.Host, byName, paused, stopped));
            var prefix = work.Name + "_retry_";
            rows.AddRange(stats.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(s => s.Name.Length).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => Row(s.Name, work.Name, "retry", work.Host, byName, [], [])));
            rows.Add(Row(work.Error, work.Name, "error", "Workers.DeadLetter", byName, [], []));
            rows.Add(Row(work.Skipped, work.Name, "skipped", "Workers.DeadLetter", byName, [], []));
        }

        rows.Add(Row(PipelineQueues.DeliveryLimit, PipelineQueues.DeliveryLimit, "delivery-limit", "Workers.DeadLetter", byName, [], []));
        return new QueueBoardView(now, rows, brokerError);
    }

    static QueueRow Row(string queue, string work, string kind, string host, Dictionary<string, QueueStats> stats, List<string> paused, List<string> stopped) =>
        stats.TryGetValue(queue, out var s)
            ? new QueueRow(queue, work, kind, host, s.Ready, s.Unacknowledged, s.Consumers, s.PublishPerSecond, s.DeliverPerSecond, s.AckPerSecond,
                paused, stopped, Missing: false)
            : new QueueRow(queue, work, kind, host, 0, 0, 0, 0, 0, 0, paused, stopped, Missing: true);
}
