using OrderPipeline.Data.Sales;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Intake.Sales;

public sealed record SaleView(string SaleId, string SellerId, IReadOnlyList<string> ProductIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    int ExpectedPeakPerSecond, int? AdmissionPerSecond, string State, DateTimeOffset? EndedAt, SaleLaneView Line, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SaleView Of(Sale s, DateTimeOffset now) => new(s.SaleId, s.SellerId, s.ProductIds, s.StartsAt, s.EndsAt, s.ExpectedPeakPerSecond,
        s.AdmissionPerSecond, s.StateAt(now), s.EndedAt, new SaleLaneView(SaleBoard.Lane(s.SaleId), PipelineQueues.SaleOrders, s.LastTicket,
            s.AdmittedUpTo, s.Decided), s.CreatedAt, s.UpdatedAt);
}
