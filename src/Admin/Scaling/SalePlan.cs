namespace OrderPipeline.Admin.Scaling;

/// <param name="ScaleFrom">When the replicas should be up: the lead time before <c>startsAt</c>.</param>
public sealed record SalePlan(string SaleId, string SellerId, string State, DateTimeOffset ScaleFrom, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    int ExpectedPeakPerSecond, int? AdmissionPerSecond, IReadOnlyList<LaneReplicas> Lanes);
