namespace OrderPipeline.Intake.Orders;

public sealed record OrderItemRequest(string? ProductId, int? Quantity);
