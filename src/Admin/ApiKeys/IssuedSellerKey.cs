namespace OrderPipeline.Admin.ApiKeys;

/// <summary>The key as issued: the only time it is shown.</summary>
public sealed record IssuedSellerKey(string SellerId, string KeyId, string Key, DateTimeOffset CreatedAt);
