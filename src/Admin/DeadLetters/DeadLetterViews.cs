using System.Text;
using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

public sealed record DeadLetterSummary(
    long Id, string Queue, string Kind, string? MessageType, string? MessageId, string? OrderId, string? SellerId,
    string? ExceptionType, string? ExceptionMessage, int RetryCount, DateTimeOffset? FirstFailedAt, DateTimeOffset MovedAt,
    string Fingerprint, string Status, long? ReplayOf);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? NextCursor);

public sealed record DeadLetterGroup(
    string Fingerprint, long Count, long NewCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Queue,
    string? ExceptionType, string? SampleMessage, long SampleId, string? Assignee = null, int Notes = 0);

public sealed record DeadLetterDetail(
    DeadLetterSummary Summary, string SourceQueue, string? CorrelationId, string? ContentType, string? BodyText, string BodyBase64,
    JsonElement Headers, string? StackTrace, string? ConsumerType, string? ParseError,
    DateTimeOffset? ReplayedAt, string? ReplayedBy, DateTimeOffset? DiscardedAt, string? DiscardedBy, string? DiscardReason,
    string? ReplayError = null, DateTimeOffset? ReplayErrorAt = null)
{
    /// <summary>The body as text when it is valid UTF-8; the exact bytes are always in <see cref="BodyBase64"/>.</summary>
    public static string? AsText(byte[] body)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

public sealed record DiscardRequest(string? Reason);

public sealed record TriageResult(long Id, string Status, string By, DateTimeOffset At);

/// <summary>Filter fields of a bulk action; the same names as the list's query parameters.</summary>
public sealed record DeadLetterFilter(
    string? Queue, string? MessageType, string? Fingerprint, string? OrderId, string? SellerId, DateTimeOffset? From, DateTimeOffset? To);

public sealed record BulkReplayRequest(long[]? Ids, DeadLetterFilter? Filter, int? RatePerSecond, int? BatchSize, bool DryRun);

public sealed record BulkDiscardRequest(long[]? Ids, DeadLetterFilter? Filter, string? Reason, bool DryRun);

public sealed record CountBy(string Key, long Count);

/// <summary>What a bulk action would touch: nothing is changed.</summary>
public sealed record DryRunResult(bool DryRun, long Matched, IReadOnlyList<CountBy> ByQueue, IReadOnlyList<CountBy> ByFingerprint, IReadOnlyList<long> SampleIds);

public sealed record BulkDiscardResult(int Discarded, string By, DateTimeOffset At, string Reason);

/// <summary>A bulk replay's state and progress; <see cref="FailedAgain"/> counts new dead letters of messages this job replayed.</summary>
public sealed record ReplayJobView(
    long Id, string Status, string RequestedBy, DateTimeOffset RequestedAt, JsonElement Selection, int RatePerSecond, int BatchSize,
    int Total, int Replayed, int Skipped, int NotReplayed, long FailedAgain, int Remaining, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string? CancelledBy, string? Error);

public sealed record GroupOwnerView(string Assignee, string AssignedBy, DateTimeOffset AssignedAt);

public sealed record NoteView(long Id, string Author, DateTimeOffset At, string Text);

public sealed record GroupDetail(DeadLetterGroup Group, GroupOwnerView? Owner, IReadOnlyList<NoteView> Notes);

public sealed record AssignRequest(string? Assignee, bool TakeOver);

public sealed record NoteRequest(string? Text);
