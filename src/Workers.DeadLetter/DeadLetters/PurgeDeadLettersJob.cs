using Quartz;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>Deletes replayed and discarded rows older than the retention; new (untriaged) rows are never purged.</summary>
[DisallowConcurrentExecution]
public sealed class PurgeDeadLettersJob(DeadLetterPurger purger, ILogger<PurgeDeadLettersJob> logger) : LoggedJob(logger, "Purging old dead letters")
{
    public static readonly JobKey Key = new("purge-dead-letters");

    protected override Task RunAsync(CancellationToken cancellationToken) => purger.PurgeAsync(cancellationToken);
}
