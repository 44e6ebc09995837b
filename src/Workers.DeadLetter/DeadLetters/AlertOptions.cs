using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.DeadLetter.DeadLetters;

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
