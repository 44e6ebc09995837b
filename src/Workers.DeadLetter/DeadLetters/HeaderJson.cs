using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>AMQP header tables (byte strings, nested tables and arrays, timestamps) as JSON, losing nothing readable.</summary>
public static class HeaderJson
{
    public static JsonDocument ToJson(IReadOnlyDictionary<string, object?> headers)
    {
        var root = new JsonObject();
        foreach (var (key, value) in headers)
        {
            root[key] = Node(value);
        }

        // jsonb refuses \u0000: a header carrying a NUL is kept with U+FFFD in its place.
        return JsonDocument.Parse(root.ToJsonString().Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal));
    }

    public static string? AsText(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        AmqpTimestamp stamp => DateTimeOffset.FromUnixTimeSeconds(stamp.UnixTime).ToString("O"),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The queue a message was dead-lettered from, from the first <c>x-death</c> entry.</summary>
    public static string? DeathQueue(IReadOnlyDictionary<string, object?> headers) =>
        headers.TryGetValue("x-death", out var deaths) && deaths is IList { Count: > 0 } list && list[0] is IDictionary<string, object?> first
            && first.TryGetValue("queue", out var queue)
            ? AsText(queue)
            : null;

    static JsonNode? Node(object? value) => value switch
    {
        null => null,
        byte[] bytes => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int or long or short or byte or sbyte or uint or ulong or ushort => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        float or double or decimal => JsonValue.Create(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)),
        AmqpTimestamp stamp => JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(stamp.UnixTime).ToString("O")),
        IDictionary<string, object?> table => new JsonObject(table.Select(kv => KeyValuePair.Create(kv.Key, Node(kv.Value)))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(Node).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };
}
