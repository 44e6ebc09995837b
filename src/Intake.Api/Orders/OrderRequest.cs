namespace OrderPipeline.Intake.Orders;

/// <summary>The body of <c>POST /orders</c>. Everything is nullable so that a missing field is a 400, not a crash.</summary>
public sealed record OrderRequest(string? CustomerId, List<OrderItemRequest?>? Items, ContactRequest? Contact);

public sealed record OrderItemRequest(string? ProductId, int? Quantity);

public sealed record ContactRequest(string? Email, string? Phone);

/// <param name="Queue">A sale order's place in its sale's line (absent for an ordinary order).</param>
public sealed record OrderAccepted(string OrderId, string Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    OrderPipeline.Intake.Sales.QueuePlace? Queue = null);
