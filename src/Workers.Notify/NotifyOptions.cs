using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Notify;

/// <summary>Section <c>Notify</c> (environment: <c>Notify__Gateway__BaseUrl</c>, ...).</summary>
public sealed class NotifyOptions
{
    public const string Section = "Notify";

    [Required] public GatewayOptions Gateway { get; set; } = new();

    [Required] public WebhookOptions Webhooks { get; set; } = new();

    [Range(1, 10000)] public int PrefetchCount { get; set; } = 64;

    [Range(1, 1000)] public int ConcurrentMessageLimit { get; set; } = 32;

    /// <summary>In-process retries of a failed notification (provider timeout or 5xx); default 200, 1000, 3000.</summary>
    /// <remarks>Empty by default: configuration binding appends to an array, it does not replace it.</remarks>
    public int[] RetryIntervalsMs { get; set; } = [];

    public TimeSpan[] RetryIntervals() =>
        (RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : [200, 1000, 3000]).Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();

    /// <summary>How long a claimed notification belongs to its sender before another delivery may take it over.</summary>
    [Range(1, 3600)] public int ClaimLeaseSeconds { get; set; } = 20;

    [Required] public QuietHoursOptions QuietHours { get; set; } = new();

    /// <summary>Delay-notice chunks (bulk requests) in flight at once per worker.</summary>
    [Range(1, 64)] public int DelayChunkConcurrency { get; set; } = 8;
}

/// <summary>
/// No text messages to shoppers between <see cref="Start"/> and <see cref="End"/> (local time); they are deferred to the end
/// of the window. The shopper's zone is not known, so the seller's applies (<see cref="SellerTimeZones"/>, else <see cref="TimeZone"/>).
/// </summary>
public sealed class QuietHoursOptions
{
    public bool Enabled { get; set; } = true;

    public TimeOnly Start { get; set; } = new(21, 0);

    public TimeOnly End { get; set; } = new(8, 0);

    /// <summary>IANA zone of sellers without one of their own.</summary>
    [Required] public string TimeZone { get; set; } = "Asia/Seoul";

    public Dictionary<string, string> SellerTimeZones { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often deferred notices whose window has ended are released.</summary>
    [Range(1, 3600)] public int SweepSeconds { get; set; } = 30;
}

/// <summary>The shoppers' SMS and e-mail gateway: JSON POST to <c>{BaseUrl}/messages</c>.</summary>
public sealed class GatewayOptions
{
    [Required, Url] public string BaseUrl { get; set; } = "http://127.0.0.1:5090";

    /// <summary>Most requests per second toward the gateway; requests beyond wait their turn.</summary>
    [Range(1, 1_000_000)] public int RatePerSecond { get; set; } = 500;

    [Range(1, 300)] public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Most messages per second in bulk sends (order and delay notices).</summary>
    [Range(10, 10_000_000)] public int BulkMessagesPerSecond { get; set; } = 100_000;
}

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
