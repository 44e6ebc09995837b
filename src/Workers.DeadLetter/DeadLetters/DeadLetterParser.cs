using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// Turns a raw error-queue message into a dead-letter row. Never throws on bad input: a body that is not a
/// MassTransit envelope is still stored whole, with <c>ParseError</c> saying why.
/// </summary>
public static partial class DeadLetterParser
{
    public const string DeliveryLimitQueue = PipelineQueues.DeliveryLimit;

    /// <summary>
    /// The rows of one error-queue message: one, or for a batch of notices that failed as a whole one per notice (each body the
    /// same envelope with that notice alone; see <see cref="Envelope.SplitBatch"/>), so every order's dead letter stands alone.
    /// </summary>
    public static IReadOnlyList<Data.DeadLetters.DeadLetter> ParseAll(RawMessage raw, DateTimeOffset movedAt) =>
        Envelope.SplitBatch(raw.Body) is { } bodies ? bodies.Select(body => Parse(raw with { Body = body }, movedAt)).ToList() : [Parse(raw, movedAt)];

    public static Data.DeadLetters.DeadLetter Parse(RawMessage raw, DateTimeOffset movedAt)
    {
        var headers = HeaderJson.ToJson(raw.Headers);
        var kind = raw.SourceQueue == DeliveryLimitQueue ? DeadLetterKinds.DeliveryLimit
            : raw.SourceQueue.EndsWith("_skipped", StringComparison.Ordinal) ? DeadLetterKinds.Skipped
            : DeadLetterKinds.Faulted;
        var queue = kind == DeadLetterKinds.DeliveryLimit ? HeaderJson.DeathQueue(raw.Headers) ?? raw.SourceQueue : PipelineQueues.WorkQueueOf(raw.SourceQueue);

        var exceptionType = Text(raw.Headers, "MT-Fault-ExceptionType");
        var exceptionMessage = Text(raw.Headers, "MT-Fault-Message");
        var consumer = Text(raw.Headers, "MT-Fault-ConsumerType");
        if (kind == DeadLetterKinds.DeliveryLimit)
        {
            exceptionType ??= "DeliveryLimitExceeded";
            exceptionMessage ??= "The consumer died (or never acknowledged) on every delivery up to the queue's delivery limit.";
        }
        else if (kind == DeadLetterKinds.Skipped)
        {
            exceptionType ??= "NoConsumer";
            exceptionMessage ??= "No consumer on the queue takes this message type; MassTransit set it aside unprocessed.";
        }

        var envelope = Envelope.TryRead(raw.Body, out var parseError);
        return new Data.DeadLetters.DeadLetter
        {
            DedupeKey = DedupeKey(raw),
            Queue = queue,
            SourceQueue = raw.SourceQueue,
            Kind = kind,
            MessageType = Clean(envelope?.MessageType ?? Text(raw.Headers, "MT-Fault-MessageType")),
            MessageId = Clean(envelope?.MessageId ?? raw.MessageId),
            CorrelationId = Clean(envelope?.CorrelationId ?? raw.CorrelationId),
            OrderId = Clean(envelope?.OrderId),
            SellerId = Clean(envelope?.SellerId),
            Body = raw.Body,
            ContentType = Clean(raw.ContentType),
            Headers = headers,
            ExceptionType = Clean(exceptionType),
            ExceptionMessage = Clean(exceptionMessage),
            StackTrace = Clean(Text(raw.Headers, "MT-Fault-StackTrace")),
            ConsumerType = Clean(consumer),
            RetryCount = Number(raw.Headers, "MT-Fault-RetryCount") + Number(raw.Headers, "MT-Redelivery-Count"),
            FirstFailedAt = Timestamp(raw.Headers, "MT-Fault-Timestamp"),
            MovedAt = movedAt,
            Fingerprint = Fingerprint(exceptionType, exceptionMessage, consumer ?? queue),
            ParseError = parseError,
            Status = DeadLetterStatus.New,
            ReplayOf = long.TryParse(Text(raw.Headers, ReplayEnvelope.ReplayOfHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var replayOf)
                ? replayOf : null,
        };
    }

    /// <summary>
    /// A row for a message <see cref="Parse"/> itself could not handle (it never should): the body whole, the reason in
    /// <c>ParseError</c>, so the message still leaves its queue and on-call sees it.
    /// </summary>
    public static Data.DeadLetters.DeadLetter Unparsed(RawMessage raw, DateTimeOffset movedAt, Exception error) => new()
    {
        DedupeKey = DedupeKey(raw),
        Queue = PipelineQueues.WorkQueueOf(raw.SourceQueue),
        SourceQueue = raw.SourceQueue,
        Kind = DeadLetterKinds.Faulted,
        MessageId = Clean(raw.MessageId),
        Body = raw.Body,
        ContentType = Clean(raw.ContentType),
        Headers = System.Text.Json.JsonDocument.Parse("{}"),
        ExceptionType = "Unreadable",
        ExceptionMessage = "The dead-letter mover could not read this message; its body is stored as received.",
        MovedAt = movedAt,
        Fingerprint = Fingerprint("Unreadable", error.GetType().Name, raw.SourceQueue),
        ParseError = Clean($"{error.GetType().Name}: {error.Message}"),
        Status = DeadLetterStatus.New,
    };

    /// <summary>PostgreSQL text cannot hold a NUL: a message carrying one must still be stored (its body is kept as bytes).</summary>
    static string? Clean(string? text) => text?.Replace('\0', '\uFFFD');

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

    /// <summary>
    /// One message, one key: a message moved twice (crash between commit and ack) maps to the same row. A replay of it that
    /// fails again is another message (its <see cref="ReplayEnvelope.ReplayOfHeader"/> differs), even where nothing else
    /// does (a delivery-limit death carries no fault timestamp).
    /// </summary>
    static string DedupeKey(RawMessage raw)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(
            $"{raw.SourceQueue}\n{raw.MessageId}\n{Text(raw.Headers, "MT-Fault-Timestamp")}\n{Text(raw.Headers, ReplayEnvelope.ReplayOfHeader)}\n"));
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
