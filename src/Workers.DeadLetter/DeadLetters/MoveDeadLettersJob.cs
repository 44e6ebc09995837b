using Quartz;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// Runs every few seconds on one node of the Quartz cluster (PostgreSQL job store): never two moves at once,
/// whichever DeadLetter instances are running.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MoveDeadLettersJob(ErrorQueueDrainer drainer, ILogger<MoveDeadLettersJob> logger) : IJob
{
    public static readonly JobKey Key = new("move-dead-letters");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await drainer.DrainAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The next run tries again; nothing was acked that was not stored.
            logger.LogError(e, "Moving dead letters failed");
        }
    }
}
