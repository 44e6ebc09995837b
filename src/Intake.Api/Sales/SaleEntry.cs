namespace OrderPipeline.Intake.Sales;

/// <summary>A sale as the intake routes by it: its products, window and pace, and how far its line has been decided.</summary>
public sealed record SaleEntry(string SaleId, string SellerId, IReadOnlyList<string> ProductIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset? EndedAt, int? AdmissionPerSecond, long AdmittedUpTo, long Decided)
{
    public bool IsRunning(DateTimeOffset now) => EndedAt is null && StartsAt <= now && now < EndsAt;
}
