using System.Text.Json;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>The fields on-call searches by, read from a MassTransit JSON envelope.</summary>
public sealed record Envelope(string? MessageId, string? CorrelationId, string? MessageType, string? OrderId, string? SellerId)
{
    public static Envelope? TryRead(byte[] body, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body is JSON but not a MassTransit envelope.";
                return null;
            }

            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            // Anything may be in a poison message: a messageType that is not an array of strings is no type.
            var type = root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                       && types[0].ValueKind == JsonValueKind.String
                ? types[0].GetString()?.Replace("urn:message:", "", StringComparison.Ordinal)
                : null;
            if (type is null && message.ValueKind == JsonValueKind.Undefined)
            {
                error = "The body is JSON but not a MassTransit envelope.";
            }

            return new Envelope(Str(root, "messageId"), Str(root, "correlationId"), type, Str(message, "orderId"), Str(message, "sellerId"));
        }
        catch (JsonException e)
        {
            error = $"The body is not JSON: {e.Message}";
            return null;
        }
    }

    static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
