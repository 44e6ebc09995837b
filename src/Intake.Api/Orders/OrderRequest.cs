namespace OrderPipeline.Intake.Orders;

/// <summary>The body of <c>POST /orders</c>. Everything is nullable so that a missing field is a 400, not a crash.</summary>
public sealed record OrderRequest(string? CustomerId, List<OrderItemRequest?>? Items, ContactRequest? Contact);
