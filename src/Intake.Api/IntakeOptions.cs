using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Intake;

/// <summary>Section <c>Intake</c> (environment: <c>Intake__ReceiptKey</c>, ...).</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>HMAC key that signs order receipts. Every intake instance must share it. At least 32 characters.</summary>
    [Required, MinLength(32)] public string ReceiptKey { get; set; } = "";

    /// <summary>How long a POST waits for the broker's publisher confirm before answering 503 (the publish goes on: <see cref="ConfirmedPublisher"/>).</summary>
    [Range(1, 120)] public int PublishTimeoutSeconds { get; set; } = 5;

    [Range(1, 3600)] public int CatalogueRefreshSeconds { get; set; } = 30;

    /// <summary>How long an instance remembers an idempotency key, to refuse the same key with another body.</summary>
    [Range(1, 1440)] public int IdempotencyWindowMinutes { get; set; } = 10;

    /// <summary>Most idempotency keys one instance remembers; past it the oldest are forgotten first (the worker still refuses a reused key).</summary>
    [Range(1000, 10_000_000)] public int IdempotencyMaxEntries { get; set; } = 200_000;

    public Sellers.SellerStreamOptions SellerStreams { get; set; } = new();

    public Orders.OrderRateLimitOptions RateLimits { get; set; } = new();
}
