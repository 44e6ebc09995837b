namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>What on-call receives: one per failure group per interval, however many messages failed.</summary>
public sealed record DeadLetterAlertMessage(
    string Text, string Fingerprint, long NewCount, long OpenCount, string Queue, string? MessageType, string? ExceptionType,
    string? ExceptionMessage, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Link, string ListLink);
