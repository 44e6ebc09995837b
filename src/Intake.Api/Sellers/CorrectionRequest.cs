namespace OrderPipeline.Intake.Sellers;

/// <summary>A correction of a delay's date: the orders it still holds move to <c>newShipDate</c>; <c>reason</c> defaults to the delay's.</summary>
public sealed record CorrectionRequest(DateOnly? NewShipDate, string? Reason);
