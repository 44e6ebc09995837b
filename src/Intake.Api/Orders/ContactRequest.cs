namespace OrderPipeline.Intake.Orders;

public sealed record ContactRequest(string? Email, string? Phone);
