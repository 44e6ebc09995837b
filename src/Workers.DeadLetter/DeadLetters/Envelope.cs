using System.Text.Json;
using System.Text.Json.Nodes;

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

            // A notice batch of one (how a batch reaches the dead letters, see SplitBatch) is searchable by its order and seller.
            var item = BatchItems.Select(name => message.ValueKind == JsonValueKind.Object && message.TryGetProperty(name, out var items)
                    && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() == 1 ? items[0] : default)
                .FirstOrDefault(i => i.ValueKind == JsonValueKind.Object);
            return new Envelope(Str(root, "messageId"), Str(root, "correlationId"), type, Str(message, "orderId") ?? Str(item, "orderId"),
                Str(message, "sellerId") ?? Str(item, "sellerId"));
        }
        catch (JsonException e)
        {
            error = $"The body is not JSON: {e.Message}";
            return null;
        }
    }

    /// <summary>The array properties a batch message carries its items in (<c>ShopperEmails.notices</c>, <c>SellerNewOrders.orders</c>).</summary>
    static readonly string[] BatchItems = ["notices", "orders"];

    /// <summary>
    /// A batch message (one decision batch's notices on one channel) that failed as a whole, as one body per item: the same
    /// envelope carrying that item alone. On-call then finds each order's dead letter by its id and replays it alone. Null when
    /// the body is not such a batch of more than one item.
    /// </summary>
    public static IReadOnlyList<byte[]>? SplitBatch(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root?["message"] is not JsonObject message)
        {
            return null;
        }

        foreach (var name in BatchItems)
        {
            if (message[name] is JsonArray { Count: > 1 } items && items.All(i => i is JsonObject))
            {
                var bodies = new List<byte[]>(items.Count);
                foreach (var item in items.ToList())
                {
                    var copy = root.DeepClone();
                    copy["message"]![name] = new JsonArray(item!.DeepClone());
                    bodies.Add(JsonSerializer.SerializeToUtf8Bytes(copy));
                }

                return bodies;
            }
        }

        return null;
    }

    static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
