using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrderPipeline.Data.DeadLetters;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// Turns a raw error-queue message into a dead-letter row. Never throws on bad input: a body that is not a
/// MassTransit envelope is still stored whole, with <c>ParseError</c> saying why.
/// </summary>
public static partial class DeadLetterParser
{
    public const string DeliveryLimitQueue = "delivery_limit";

    public static Data.DeadLetters.DeadLetter Parse(RawMessage raw, DateTimeOffset movedAt)
    {
        var headers = HeaderJson.ToJson(raw.Headers);
        var kind = raw.SourceQueue == DeliveryLimitQueue ? DeadLetterKinds.DeliveryLimit : DeadLetterKinds.Faulted;
        var queue = kind == DeadLetterKinds.DeliveryLimit
            ? HeaderJson.DeathQueue(raw.Headers) ?? raw.SourceQueue
            : raw.SourceQueue.EndsWith("_error", StringComparison.Ordinal) ? raw.SourceQueue[..^"_error".Length] : raw.SourceQueue;

        var exceptionType = Text(raw.Headers, "MT-Fault-ExceptionType");
        var exceptionMessage = Text(raw.Headers, "MT-Fault-Message");
        var consumer = Text(raw.Headers, "MT-Fault-ConsumerType");
        if (kind == DeadLetterKinds.DeliveryLimit)
        {
            exceptionType ??= "DeliveryLimitExceeded";
            exceptionMessage ??= "The consumer died (or never acknowledged) on every delivery up to the queue's delivery limit.";
        }

        var envelope = Envelope.TryRead(raw.Body, out var parseError);
        return new Data.DeadLetters.DeadLetter
        {
            DedupeKey = DedupeKey(raw),
            Queue = queue,
            SourceQueue = raw.SourceQueue,
            Kind = kind,
            MessageType = envelope?.MessageType ?? Text(raw.Headers, "MT-Fault-MessageType"),
            MessageId = envelope?.MessageId ?? raw.MessageId,
            CorrelationId = envelope?.CorrelationId ?? raw.CorrelationId,
            OrderId = envelope?.OrderId,
            SellerId = envelope?.SellerId,
            Body = raw.Body,
            ContentType = raw.ContentType,
            Headers = headers,
            ExceptionType = exceptionType,
            ExceptionMessage = exceptionMessage,
            StackTrace = Text(raw.Headers, "MT-Fault-StackTrace"),
            ConsumerType = consumer,
            RetryCount = Number(raw.Headers, "MT-Fault-RetryCount") + Number(raw.Headers, "MT-Redelivery-Count"),
            FirstFailedAt = Timestamp(raw.Headers, "MT-Fault-Timestamp"),
            MovedAt = movedAt,
            Fingerprint = Fingerprint(exceptionType, exceptionMessage, consumer ?? queue),
            ParseError = parseError,
            Status = DeadLetterStatus.New,
        };
    }

    /// <summary>Same exception type, same message once ids and numbers are blanked, same consumer: same cause.</summary>
    public static string Fingerprint(string? exceptionType, string? message, string? consumer)
    {
        var normal = Normalise(message ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{exceptionType}\n{normal}\n{consumer}")));
    }

    public static string Normalise(string message)
    {
        var text = Ids().Replace(message, "<id>");
        text = Numbers().Replace(text, "<n>");
        text = Quoted().Replace(text, "'<s>'");
        return text.Length > 500 ? text[..500] : text;
    }

    /// <summary>One message, one key: a message moved twice (crash between commit and ack) maps to the same row.</summary>
    static string DedupeKey(RawMessage raw)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{raw.SourceQueue}\n{raw.MessageId}\n{Text(raw.Headers, "MT-Fault-Timestamp")}\n"));
        hash.AppendData(raw.Body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static string? Text(IReadOnlyDictionary<string, object?> headers, string key) =>
        headers.TryGetValue(key, out var value) ? HeaderJson.AsText(value) : null;

    static int Number(IReadOnlyDictionary<string, object?> headers, string key) =>
        int.TryParse(Text(headers, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    static DateTimeOffset? Timestamp(IReadOnlyDictionary<string, object?> headers, string key) =>
        DateTimeOffset.TryParse(Text(headers, key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    [GeneratedRegex(@"ord_[0-9a-f]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b[0-9a-f]{16,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Ids();

    [GeneratedRegex(@"\d+(\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Numbers();

    [GeneratedRegex(@"'[^']*'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}
