namespace OrderPipeline.Business.Orders;

/// <summary>A sale order's place in its sale's line.</summary>
public sealed record LaneTicket(string SaleId, long Ticket);
