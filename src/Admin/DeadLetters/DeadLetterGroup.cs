namespace OrderPipeline.Admin.DeadLetters;

public sealed record DeadLetterGroup(
    string Fingerprint, long Count, long NewCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Queue,
    string? ExceptionType, string? SampleMessage, long SampleId, string? Assignee = null, int Notes = 0);
