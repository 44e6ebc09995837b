using System.Text;
using System.Text.Json;

namespace OrderPipeline.Intake.Admin;

public sealed record DeadLetterSummary(
    long Id, string Queue, string Kind, string? MessageType, string? MessageId, string? OrderId, string? SellerId,
    string? ExceptionType, string? ExceptionMessage, int RetryCount, DateTimeOffset? FirstFailedAt, DateTimeOffset MovedAt,
    string Fingerprint, string Status, long? ReplayOf);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? NextCursor);

public sealed record DeadLetterGroup(
    string Fingerprint, long Count, long NewCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Queue,
    string? ExceptionType, string? SampleMessage, long SampleId);

public sealed record DeadLetterDetail(
    DeadLetterSummary Summary, string SourceQueue, string? CorrelationId, string? ContentType, string? BodyText, string BodyBase64,
    JsonElement Headers, string? StackTrace, string? ConsumerType, string? ParseError,
    DateTimeOffset? ReplayedAt, string? ReplayedBy, DateTimeOffset? DiscardedAt, string? DiscardedBy, string? DiscardReason)
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
