namespace OrderPipeline.Admin.Sellers;

public sealed record SellerProductView(string ProductId, string Name, decimal UnitPrice, string Currency, int Stock, DateOnly? ShipDate, DateTimeOffset UpdatedAt);
