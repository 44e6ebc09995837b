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
}

/// <summary>The e-mails of a decision batch, for queue <c>notify-email</c>.</summary>
public record ShopperEmails
{
    public required IReadOnlyList<ShopperNotice> Notices { get; init; }
}

/// <summary>The text messages of a decision batch, for queue <c>notify-sms</c>.</summary>
public record ShopperTexts
{
    public required IReadOnlyList<ShopperNotice> Notices { get; init; }
}

/// <summary>A decision batch's confirmed orders whose sellers have a webhook, for queue <c>notify-webhook</c>.</summary>
public record SellerNewOrders
{
    public required IReadOnlyList<OrderConfirmed> Orders { get; init; }
}

/// <summary>New rows in several sellers' feeds at once (one decision batch): every API instance wakes those sellers' streams.</summary>
public record SellerFeedsAppended
{
    public required IReadOnlyList<string> SellerIds { get; init; }
}

public static class NoticeKinds
{
    public const string OrderConfirmed = "OrderConfirmed";
    public const string OrderRejected = "OrderRejected";
}
