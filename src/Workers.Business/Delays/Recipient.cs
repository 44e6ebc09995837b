namespace OrderPipeline.Business.Delays;

/// <summary>An order a delay marked, with its shopper and contacts.</summary>
public sealed record Recipient(string OrderId, string CustomerId, string? Phone, string? Email);
