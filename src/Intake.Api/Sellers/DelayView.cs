namespace OrderPipeline.Intake.Sellers;

/// <summary>A delay and how far telling its shoppers has got: <c>pending</c> = notices not yet sent, failed or deferred.</summary>
public sealed record DelayView(Guid DelayId, string SellerId, string ProductId, DateOnly NewShipDate, string Reason, string State, int Affected,
    int Notices, int Notified, int Failed, int Deferred, int Pending, DateTimeOffset CreatedAt, DateTimeOffset? FannedOutAt, DateTimeOffset? DoneAt,
    DelayTargets? Targets, Guid? Corrects, bool GroupByShopper);
