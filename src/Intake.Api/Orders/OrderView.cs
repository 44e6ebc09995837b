using System.Text.Json.Serialization;
using OrderPipeline.Intake.Sales;

namespace OrderPipeline.Intake.Orders;

public sealed record OrderView(
    string OrderId,
    string? CustomerId,
    string Status,
    IReadOnlyList<OrderItemView> Items,
    decimal? Total,
    string? Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectionReason,
    DateOnly? ShipDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DelayReason,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<NotificationView> Notifications,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QueuePlace? Queue = null);
