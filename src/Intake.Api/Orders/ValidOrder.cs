using OrderPipeline.Contracts;

namespace OrderPipeline.Intake.Orders;

/// <summary>A valid order: its seller, its lines and its contact, ready to publish.</summary>
public sealed record ValidOrder(string CustomerId, string SellerId, IReadOnlyList<OrderLine> Items, ContactInfo Contact);
