using Npgsql;
using Polly;
using Polly.Retry;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Recording that a provider accepted a notice is retried before anything else happens (about 11 s in all): if the record were
/// given up, the notice would stay claimed and be sent again after its lease, a second time under the same idempotency key.
/// </summary>
public static class RecordRetry
{
    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient || e is not PostgresException).Handle<TimeoutException>(),
            MaxRetryAttempts = 6,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(5),
        })
        .Build();
}
