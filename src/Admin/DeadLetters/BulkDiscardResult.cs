namespace OrderPipeline.Admin.DeadLetters;

public sealed record BulkDiscardResult(int Discarded, string By, DateTimeOffset At, string Reason);
