namespace OrderPipeline.Intake.Sellers;

/// <summary>Which open orders a delay takes (null: all of them).</summary>
public sealed record DelayTargets(DateTimeOffset? PlacedFrom, DateTimeOffset? PlacedBefore, DateOnly? ShipDateFrom, DateOnly? ShipDateTo);
