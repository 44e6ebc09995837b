namespace OrderPipeline.Intake.Orders;

public sealed record NotificationView(string Kind, string Channel, string Status, DateTimeOffset At);
