namespace OrderPipeline.Admin.DeadLetters;

public sealed record TriageResult(long Id, string Status, string By, DateTimeOffset At);
