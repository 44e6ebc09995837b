namespace OrderPipeline.Intake.Catalogue;

public sealed record ProductRequest(string? Name, decimal? UnitPrice, string? Currency, int? Stock, DateOnly? ShipDate = null);
