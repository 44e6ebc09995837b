using Quartz;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// A job of the dead-letter worker's Quartz cluster (PostgreSQL job store): a failed run is logged and the next run
/// tries again. Jobs are marked [DisallowConcurrentExecution], so one runs on one node at a time whichever instances run.
/// </summary>
public abstract class LoggedJob(ILogger logger, string what) : IJob
{
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "{Job} failed; the next run tries again", what);
        }
    }
}
