namespace OrderPipeline.Intake.Catalogue;

public sealed record CatalogueEntry(string ProductId, string SellerId, string Name, decimal UnitPrice, string Currency, DateTimeOffset ChangedAt);
