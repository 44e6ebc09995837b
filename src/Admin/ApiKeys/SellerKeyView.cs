namespace OrderPipeline.Admin.ApiKeys;

public sealed record SellerKeyView(string SellerId, string KeyId, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);
