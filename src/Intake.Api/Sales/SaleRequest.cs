namespace OrderPipeline.Intake.Sales;

/// <summary>A sale as declared (<c>PUT</c>): its products, window, the peak expected and the pace orders are let in at (none: as fast as the workers can).</summary>
public sealed record SaleRequest(string[]? ProductIds, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? ExpectedPeakPerSecond, int? AdmissionPerSecond);
