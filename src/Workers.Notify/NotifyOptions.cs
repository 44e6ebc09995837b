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
