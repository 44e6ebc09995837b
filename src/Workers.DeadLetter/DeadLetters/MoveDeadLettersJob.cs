using Microsoft.FeatureManagement;
using OrderPipeline.Hosting.Flags;
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

/// <summary>Every few seconds: error queues into <c>dead_letters</c>. Nothing is acked that was not stored.</summary>
/// <remarks>The <c>Workers.DeadLetter.Move</c> flag pauses it: error queues then keep their messages until it is on again.</remarks>
[DisallowConcurrentExecution]
public sealed class MoveDeadLettersJob(ErrorQueueDrainer drainer, IFeatureManager features, ILogger<MoveDeadLettersJob> logger)
    : LoggedJob(logger, "Moving dead letters")
{
    public static readonly JobKey Key = new("move-dead-letters");

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await features.IsEnabledAsync(KnownFlags.DeadLetterMove, cancellationToken))
        {
            logger.LogInformation("Dead-letter move skipped: {Flag} is off; error queues keep their messages", KnownFlags.DeadLetterMove);
            return;
        }

        await drainer.DrainAsync(cancellationToken);
    }
}
