using System.Text.Json;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// The broker properties a dead letter is replayed with: its original message id, content type and headers, minus
/// the fault and retry bookkeeping, so that the message gets a fresh set of retries and a clean fault record, plus
/// <see cref="ReplayOfHeader"/>: the dead letter it was replayed from. Should it fail again, its new dead letter links back
/// to that row and is a row of its own (the header is part of its dedupe key), and a consumer can tell a replay, for
/// example to send again a chunk of notices that had failed for good.
/// </summary>
public static class ReplayEnvelope
{
    public const string ReplayOfHeader = "OP-Replay-Of";

    static readonly string[] BookkeepingPrefixes = ["MT-Fault-", "MT-Reason", "MT-Redelivery-Count", "x-death", "x-first-death-", "x-last-death-", "x-delivery-count"];

    public static BasicProperties Properties(long deadLetterId, string? messageId, string? contentType, string headersJson)
    {
        var headers = Headers(headersJson);
        headers[ReplayOfHeader] = deadLetterId;
        return new BasicProperties { MessageId = messageId, ContentType = contentType, Persistent = true, Headers = headers };
    }

    public static Dictionary<string, object?> Headers(string json)
    {
        var headers = new Dictionary<string, object?>();
        foreach (var property in JsonDocument.Parse(json).RootElement.EnumerateObject())
        {
            if (BookkeepingPrefixes.Any(p => property.Name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            headers[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number when property.Value.TryGetInt64(out var n) => n,
                JsonValueKind.Number => property.Value.GetDecimal(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return headers;
    }
}
