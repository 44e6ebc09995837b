namespace OrderPipeline.Data.Sellers;

/// <summary>A seller's API key, stored as its SHA-256 (the key itself is shown once, when created).</summary>
public sealed class SellerApiKey
{
    public required string KeyHash { get; set; }
    /// <summary>The key's public name (<c>key_</c> + 16 hex digits): listed and revoked by it, never by the key.</summary>
    public required string KeyId { get; set; }
    public required string SellerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}
