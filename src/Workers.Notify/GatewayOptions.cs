using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Notify;

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
