namespace OrderPipeline.Intake.Sales;

/// <summary>Where a sale order stands in line.</summary>
/// <param name="Lane">The lane (<c>sale/{saleId}</c>).</param>
/// <param name="Position">1 for the next to be decided; 0 once decided.</param>
/// <param name="Ahead">Orders in line before it.</param>
/// <param name="EstimatedWaitSeconds">At the sale's pace (or, unpaced, the pace its line is being decided at); null when not known yet.</param>
public sealed record QueuePlace(string Lane, long Position, long Ahead, int? EstimatedWaitSeconds);
