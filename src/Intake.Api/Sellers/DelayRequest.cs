namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// A delay of a product's open orders. Without targets: all of them (and the product's ship date moves too). With
/// <c>placedFrom</c>/<c>placedBefore</c> (instants, with their offset): only orders placed in <c>[placedFrom, placedBefore)</c>;
/// with <c>shipDateFrom</c>/<c>shipDateTo</c> (dates, inclusive): only orders whose current ship date is in that range.
/// <c>groupByShopper</c>: a shopper with several affected orders gets one notice listing them.
/// </summary>
public sealed record DelayRequest(DateOnly? NewShipDate, string? Reason, DateTimeOffset? PlacedFrom = null, DateTimeOffset? PlacedBefore = null,
    DateOnly? ShipDateFrom = null, DateOnly? ShipDateTo = null, bool? GroupByShopper = null);
