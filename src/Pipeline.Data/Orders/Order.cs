namespace OrderPipeline.Data.Orders;

public sealed class Order
{
    public required string OrderId { get; set; }
    public required string CustomerId { get; set; }
    public required string SellerId { get; set; }
    public required string Status { get; set; }
    public string? RejectionReason { get; set; }
    public decimal? Total { get; set; }
    public string? Currency { get; set; }
    /// <summary>Which pricing rules priced a confirmed order (<c>v1</c>, <c>v2</c>): the <c>Business.PricingV2</c> flag's choice for this customer.</summary>
    public string? Pricing { get; set; }
    /// <summary>Expected ship date: the product's when confirmed, the delay's new date once delayed.</summary>
    public DateOnly? ShipDate { get; set; }
    /// <summary>The latest delay declared for the order (status <c>Delayed</c>), and why.</summary>
    public Guid? DelayId { get; set; }
    public string? DelayReason { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public required string RequestHash { get; set; }
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
    /// <summary>The sale whose lane the order waited in (null: the ordinary lane), and its place in that line.</summary>
    public string? SaleId { get; set; }
    public long? LaneTicket { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<OrderItem> Items { get; set; } = [];
}
