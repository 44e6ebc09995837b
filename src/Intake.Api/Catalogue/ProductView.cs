namespace OrderPipeline.Intake.Catalogue;

public sealed record ProductView(string SellerId, string ProductId, string Name, decimal UnitPrice, string Currency, int Stock, DateOnly? ShipDate);
