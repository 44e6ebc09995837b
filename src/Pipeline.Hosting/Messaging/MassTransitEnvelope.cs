using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// MassTransit's JSON envelope (<c>application/vnd.masstransit+json</c>), written directly: for the few messages published below
/// MassTransit (the intake's orders on the hot path, a notice batch moved to its error queue), so that MassTransit consumers
/// read them exactly as if MassTransit had sent them.
/// </summary>
public static class MassTransitEnvelope
{
    public const string ContentType = "application/vnd.masstransit+json";

    /// <summary>MassTransit's message type name: <c>urn:message:{namespace}:{type}</c>.</summary>
    public static string MessageType<T>() => $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}";

    /// <summary>Writes the envelope of <paramref name="message"/> (serialized with <paramref name="typeInfo"/>, camelCase as MassTransit reads it).</summary>
    public static void Write<T>(IBufferWriter<byte> buffer, T message, JsonTypeInfo<T> typeInfo, Guid messageId, DateTime sentTime,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("messageId", messageId);
        writer.WriteString("conversationId", messageId);
        writer.WriteStartArray("messageType");
        writer.WriteStringValue(MessageTypes<T>.Name);
        writer.WriteEndArray();
        writer.WritePropertyName("message");
        JsonSerializer.Serialize(writer, message, typeInfo);
        writer.WriteString("sentTime", sentTime);
        writer.WriteStartObject("headers");
        foreach (var (key, value) in headers ?? [])
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    static class MessageTypes<T>
    {
        public static readonly string Name = MessageType<T>();
    }
}
