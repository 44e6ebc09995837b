namespace OrderPipeline.Admin.DeadLetters;

public sealed record DeadLetterSummary(
    long Id, string Queue, string Kind, string? MessageType, string? MessageId, string? OrderId, string? SellerId,
    string? ExceptionType, string? ExceptionMessage, int RetryCount, DateTimeOffset? FirstFailedAt, DateTimeOffset MovedAt,
    string Fingerprint, string Status, long? ReplayOf);
