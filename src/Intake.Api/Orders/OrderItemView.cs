namespace OrderPipeline.Intake.Orders;

public sealed record OrderItemView(string ProductId, int Quantity, decimal? UnitPrice);
