using Microsoft.FeatureManagement;
using OrderPipeline.Hosting.Flags;
using Quartz;

namespace OrderPipeline.DeadLetter.DeadLetters;

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
