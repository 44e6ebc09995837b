namespace OrderPipeline.Data.Sellers;

/// <summary>Where a seller's notifications are POSTed, and the secret their HMAC signature uses.</summary>
public sealed class SellerWebhook
{
    public required string SellerId { get; set; }
    public required string Url { get; set; }
    public required string Secret { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
