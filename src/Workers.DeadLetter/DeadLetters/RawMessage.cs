namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>A message as it was taken off an error queue: the exact body and the AMQP properties that matter.</summary>
public sealed record RawMessage(
    string SourceQueue,
    byte[] Body,
    IReadOnlyDictionary<string, object?> Headers,
    string? MessageId,
    string? CorrelationId,
    string? ContentType);
