namespace OrderPipeline.Data.Orders;

public sealed class OrderItem
{
    public required string OrderId { get; set; }
    public int LineNo { get; set; }
    public required string ProductId { get; set; }
    public string? Name { get; set; }
    public int Quantity { get; set; }
    /// <summary>Null when the order was rejected before it could be priced (an unknown product).</summary>
    public decimal? UnitPrice { get; set; }
}
