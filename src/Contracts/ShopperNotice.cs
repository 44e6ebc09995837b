namespace OrderPipeline.Contracts;

/// <summary>
/// One decision batch's notices to shoppers on one channel (<see cref="ShopperEmails"/>, <see cref="ShopperTexts"/>): one message
/// per channel per batch instead of one per order, so a notice costs no broker delivery of its own.
/// </summary>
public record ShopperNotice
{
    public required string OrderId { get; init; }
    /// <summary><see cref="NoticeKinds.OrderConfirmed"/> or <see cref="NoticeKinds.OrderRejected"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>The shopper's address on the message's channel.</summary>
    public required string To { get; init; }
    public required int ItemCount { get; init; }
    public decimal? Total { get; init; }
    public string? Currency { get; init; }
    /// <summary>For a rejection: why (<see cref="RejectionReasons"/>).</summary>
    public string? Reason { get; init; }
    /// <summary>
    /// The order's own trace (W3C <c>traceparent</c> of its consume span): this message carries a batch of orders in the batch's
    /// trace, and each order's notice is recorded in its order's trace as well.
    /// </summary>
    public string? TraceParent { get; init; }
}
