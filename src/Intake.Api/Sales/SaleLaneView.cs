namespace OrderPipeline.Intake.Sales;

/// <summary>The sale's line: places handed out, the highest decided, orders decided.</summary>
public sealed record SaleLaneView(string Lane, string Queue, long PlacesHandedOut, long AdmittedUpTo, long Decided);
