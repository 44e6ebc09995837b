namespace OrderPipeline.Admin.DeadLetters;

public sealed record BulkReplayRequest(long[]? Ids, DeadLetterFilter? Filter, int? RatePerSecond, int? BatchSize, bool DryRun);
