using System.ComponentModel.DataAnnotations;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>Section <c>DeadLetter</c> (environment: <c>DeadLetter__MoveIntervalSeconds</c>, ...).</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetter";

    /// <summary>The queues drained into <c>dead_letters</c>. Default: every work queue's error and skipped queues, and delivery_limit (<see cref="PipelineQueues.DeadLetterSources"/>).</summary>
    /// <remarks>Empty by default: configuration binding appends to an array, it does not replace it.</remarks>
    public string[] Queues { get; set; } = [];

    [Range(1, 3600)] public int MoveIntervalSeconds { get; set; } = 5;

    /// <summary>Most messages moved per queue per transaction.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 500;

    /// <summary>Replayed and discarded rows older than this are deleted by the retention job; <c>New</c> rows are kept.</summary>
    [Range(1, 3650)] public int RetentionDays { get; set; } = 30;

    [Range(1, 1440)] public int PurgeIntervalMinutes { get; set; } = 60;

    /// <summary>How often an idle instance looks for a bulk replay to run.</summary>
    [Range(50, 60_000)] public int ReplayPollMilliseconds { get; set; } = 1000;

    /// <summary>A replay job whose runner has not renewed its lease for this long is taken over by another instance.</summary>
    [Range(5, 3600)] public int ReplayLeaseSeconds { get; set; } = 30;

    public AlertOptions Alerts { get; set; } = new();

    public IReadOnlyList<string> QueuesToDrain() => Queues.Length > 0 ? Queues : PipelineQueues.DeadLetterSources;
}

/// <summary>Section <c>DeadLetter:Alerts</c>: where on-call is told about new failures, and how often per failure group.</summary>
public sealed class AlertOptions
{
    /// <summary>Receives a JSON POST per alert (Slack-compatible <c>text</c> field). Empty: alerts are logged at error level.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>At most one alert per fingerprint per this many seconds (default 15 minutes).</summary>
    [Range(1, 86_400)] public int IntervalSeconds { get; set; } = 900;

    /// <summary>How often new dead letters are checked for.</summary>
    [Range(1, 3600)] public int CheckIntervalSeconds { get; set; } = 15;

    /// <summary>Where the admin host is (console pages and admin API), for the links in an alert.</summary>
    public string LinkBaseUrl { get; set; } = "http://127.0.0.1:5084";

    /// <summary>Rows older than this are not alerted about any more (they are in the table; the check stays cheap).</summary>
    [Range(1, 24 * 30)] public int LookbackHours { get; set; } = 24;
}
