using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Notify;

/// <summary>
/// Sellers' webhooks, per seller host (the URL's host and port): a rate, a bound on the consumer slots one host may hold at once,
/// and a circuit breaker, so that one seller's slow or failing endpoint never holds back another seller's.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>Most requests per second toward any one seller's webhook host.</summary>
    [Range(1, 1_000_000)] public int RatePerSecond { get; set; } = 50;

    [Range(1, 300)] public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Requests in flight to one host at once; as many more may wait for them. Past that a message for the host waits in a retry
    /// queue, holding no consumer slot: one host never holds more than twice this many of <see cref="NotifyOptions.ConcurrentMessageLimit"/>.
    /// </summary>
    [Range(1, 1000)] public int MaxConcurrentPerHost { get; set; } = 8;

    /// <summary>Webhook calls one batch message makes at once (to all its sellers' hosts together).</summary>
    [Range(1, 1000)] public int MaxConcurrentPerBatch { get; set; } = 16;

    /// <summary>The host's circuit opens when at least this share of its requests failed (5xx, timeout, unreachable) ...</summary>
    [Range(0.01, 1.0)] public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>... among at least this many requests ...</summary>
    [Range(2, 10_000)] public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>... within this many seconds;</summary>
    [Range(1, 3600)] public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>and stays open this long (its messages wait in retry queues), then lets one request through to try.</summary>
    [Range(1, 3600)] public int BreakerBreakSeconds { get; set; } = 30;
}
