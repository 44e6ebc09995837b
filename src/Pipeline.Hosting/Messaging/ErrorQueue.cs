using System.Buffers;
using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using MassTransit;
using OrderPipeline.Hosting.Telemetry;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Puts part of a batch message (the notices that failed for good) into its queue's error queue as MassTransit would have put a
/// message that failed: its envelope and the fault headers the dead-letter mover reads. The rest of the batch goes on, and each
/// failure is a dead letter of its own (its order id searchable, replayable alone). The error queues are declared at start
/// (<see cref="Retries.RetryQueues"/>), so nothing moved here can be unroutable.
/// </summary>
public sealed class ErrorQueue(RawPublisher publisher, TimeProvider clock)
{
    /// <param name="from">The message <paramref name="message"/> is part of: a replay's link (<see cref="ReplayEnvelope.ReplayOfHeader"/>) carries over,
    /// so a replayed notice that fails again is a new dead letter linked to the one replayed.</param>
    /// <param name="traceParent">The trace of the one order <paramref name="message"/> is about (its dead letter's move and replay are
    /// spans of that trace); by default the current span's, the batch message's.</param>
    public async Task MoveAsync<T>(string queue, T message, ConsumeContext from, string consumerType, Exception exception, CancellationToken cancellationToken,
        string? traceParent = null)
        where T : class
    {
        var buffer = new ArrayBufferWriter<byte>();
        var id = NewId.NextGuid();
        var now = clock.GetUtcNow();
        MassTransitEnvelope.Write(buffer, message, (JsonTypeInfo<T>)MassTransit.Serialization.SystemTextJsonMessageSerializer.Options.GetTypeInfo(typeof(T)), id, now.UtcDateTime);
        var properties = new BasicProperties
        {
            MessageId = id.ToString(),
            ContentType = MassTransitEnvelope.ContentType,
            Persistent = true,
            Headers = new Dictionary<string, object?>
            {
                ["MT-Reason"] = "fault",
                ["MT-Fault-ExceptionType"] = exception.GetType().FullName,
                ["MT-Fault-Message"] = exception.Message,
                ["MT-Fault-Timestamp"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["MT-Fault-StackTrace"] = exception.StackTrace ?? "",
                ["MT-Fault-ConsumerType"] = consumerType,
                ["MT-Fault-MessageType"] = MassTransitEnvelope.MessageType<T>(),
            },
        };
        // In the transport headers, where MassTransit reads it: the mover records the move in this trace, and a replay continues it.
        if ((traceParent ?? Activity.Current?.Id) is { } trace)
        {
            properties.Headers[PipelineTelemetry.MessageTraceHeader] = trace;
        }

        if (from.ReceiveContext.TransportHeaders.TryGetHeader(ReplayEnvelope.ReplayOfHeader, out var replayOf))
        {
            properties.Headers[ReplayEnvelope.ReplayOfHeader] = replayOf;
        }

        await publisher.PublishToQueueAsync(queue + "_error", buffer.WrittenMemory, properties, cancellationToken);
    }
}
