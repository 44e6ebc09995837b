namespace OrderPipeline.Intake.Orders;

/// <param name="Queue">A sale order's place in its sale's line (absent for an ordinary order).</param>
public sealed record OrderAccepted(string OrderId, string Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    OrderPipeline.Intake.Sales.QueuePlace? Queue = null);
