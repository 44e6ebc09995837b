namespace OrderPipeline.Admin.Orders;

/// <summary>An order's story as the admin API answers it (<see cref="OrderStory"/> without the entities' internals).</summary>
public sealed record OrderStoryView(
    string OrderId, string Status, string CustomerId, string SellerId, string? RejectionReason, decimal? Total, string? Currency, DateOnly? ShipDate,
    string? DelayReason, string? SaleId, long? LaneTicket, DateTimeOffset AcceptedAt, DateTimeOffset UpdatedAt, IReadOnlyList<OrderStoryView.Line> Items,
    IReadOnlyList<OrderStoryView.Notice> Notifications, IReadOnlyList<OrderStoryView.DelayEntry> Delays, IReadOnlyList<OrderStoryView.DeadLetterEntry> DeadLetters)
{
    public sealed record Line(int LineNo, string ProductId, string? Name, int Quantity, decimal? UnitPrice);

    public sealed record Notice(string Kind, string Channel, string Status, int Attempts, string? LastError, DateTimeOffset UpdatedAt);

    public sealed record DelayEntry(Guid DelayId, string ProductId, DateOnly NewShipDate, string Reason, string State);

    public sealed record DeadLetterEntry(long Id, string Queue, string Status, string? ExceptionType, DateTimeOffset MovedAt);

    public static OrderStoryView Of(OrderStory story)
    {
        var o = story.Order;
        return new OrderStoryView(o.OrderId, o.Status, o.CustomerId, o.SellerId, o.RejectionReason, o.Total, o.Currency, o.ShipDate, o.DelayReason, o.SaleId,
            o.LaneTicket, o.AcceptedAt, o.UpdatedAt,
            o.Items.OrderBy(i => i.LineNo).Select(i => new Line(i.LineNo, i.ProductId, i.Name, i.Quantity, i.UnitPrice)).ToList(),
            story.Notifications.Select(n => new Notice(n.Kind, n.Channel, n.Status, n.Attempts, n.LastError, n.UpdatedAt)).ToList(),
            story.Delays.Select(d => new DelayEntry(d.DelayId, d.ProductId, d.NewShipDate, d.Reason, d.State)).ToList(),
            story.DeadLetters.Select(d => new DeadLetterEntry(d.Id, d.Queue, d.Status, d.ExceptionType, d.MovedAt)).ToList());
    }
}
