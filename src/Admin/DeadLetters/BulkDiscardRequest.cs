namespace OrderPipeline.Admin.DeadLetters;

public sealed record BulkDiscardRequest(long[]? Ids, DeadLetterFilter? Filter, string? Reason, bool DryRun);
