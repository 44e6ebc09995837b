using System.Text;
using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

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
