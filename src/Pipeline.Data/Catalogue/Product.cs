namespace OrderPipeline.Data.Catalogue;

/// <summary>A product and its stock. Product ids are unique across sellers: an order line names only the product.</summary>
public sealed class Product
{
    public required string ProductId { get; set; }
    public required string SellerId { get; set; }
    public required string Name { get; set; }
    public decimal UnitPrice { get; set; }
    public required string Currency { get; set; }
    public int Stock { get; set; }
    /// <summary>When orders for it are expected to ship; copied onto each order when it is confirmed.</summary>
    public DateOnly? ShipDate { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
