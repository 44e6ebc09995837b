namespace OrderPipeline.Business.Orders;

/// <summary>A product row as locked for this batch, with the stock still left after earlier orders in it.</summary>
public sealed class StockedProduct(string productId, string sellerId, string name, decimal unitPrice, string currency, int stock)
{
    public string ProductId { get; } = productId;
    public string SellerId { get; } = sellerId;
    public string Name { get; } = name;
    public decimal UnitPrice { get; } = unitPrice;
    public string Currency { get; } = currency;
    public int Stock { get; set; } = stock;
    public bool Changed { get; set; }
    public DateOnly? ShipDate { get; init; }
}
