namespace OrderPipeline.Business.Sales;

/// <param name="Admitted">The sale's next orders may be decided now (their slot is reserved).</param>
/// <param name="WaitSeconds">Not admitted: how long until the sale's next slot.</param>
/// <param name="PerSecond">The sale's pace now (null: none).</param>
public sealed record Admission(bool Admitted, double WaitSeconds, int? PerSecond);
