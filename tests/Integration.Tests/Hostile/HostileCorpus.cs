using System.Text;
using System.Text.Json.Nodes;

namespace OrderPipeline.Integration.Tests.Hostile;

/// <summary>
/// A generated corpus of hostile requests against every public endpoint. Each request is built from its own seeded random
/// generator (seed, index), so any one can be replayed alone. Every request is invalid by construction (a mutation that could
/// leave a request valid is never used): broken and truncated JSON, wrong types, nulls, huge and non-finite numbers, deep
/// nesting, duplicate keys, overlong strings, control characters, lone surrogates and invalid UTF-8, wrong or missing content
/// types, oversized bodies, bad keys, bad Idempotency-Keys, bad ids in the path, wrong methods.
/// </summary>
public sealed class HostileCorpus(int seed, HostileTargets targets)
{
    /// <summary>A valid body per JSON endpoint, and the rule for each of its fields.</summary>
    sealed record Endpoint(string Name, HttpMethod Method, string Path, bool NeedsKey, Func<JsonObject> Valid, IReadOnlyList<Field> Fields);

    /// <param name="Path">JSON path as segments (a number indexes an array).</param>
    /// <param name="Kind">string, integer, number, date, array or object.</param>
    /// <param name="MaxLength">For strings: the longest allowed.</param>
    /// <param name="Required">Null or missing is refused.</param>
    sealed record Field(string[] Path, string Kind, int MaxLength = 0, bool Required = true);

    readonly Endpoint[] _endpoints =
    [
        new("order", HttpMethod.Post, "/orders", false, () => new JsonObject
        {
            ["customerId"] = "hostile-shopper",
            ["items"] = new JsonArray(new JsonObject { ["productId"] = targets.ProductId, ["quantity"] = 1 }),
            ["contact"] = new JsonObject { ["email"] = "shopper@example.com", ["phone"] = "+821012345678" },
        },
        [
            new(["customerId"], "string", 64), new(["items"], "array"), new(["items", "0", "productId"], "string", 64),
            new(["items", "0", "quantity"], "integer"), new(["contact"], "object"), new(["contact", "email"], "string", 254, Required: false),
            new(["contact", "phone"], "string", 32, Required: false),
        ]),
        new("product", HttpMethod.Put, $"/sellers/{targets.SellerId}/products/{targets.ProductId}", true, () => Json("""
            {"name":"Hostile apple","unitPrice":1000,"currency":"KRW","stock":5,"shipDate":"2026-12-01"}
            """),
        [
            new(["name"], "string", 200), new(["unitPrice"], "number"), new(["currency"], "string", 3), new(["stock"], "integer"),
            new(["shipDate"], "date", Required: false),
        ]),
        new("webhook", HttpMethod.Put, $"/sellers/{targets.SellerId}/webhook", true, () => Json("""
            {"url":"https://93.184.216.34/hostile","secret":"0123456789abcdef0123"}
            """),
        [new(["url"], "string", 2048), new(["secret"], "string", 256)]),
        new("delay", HttpMethod.Post, $"/sellers/{targets.SellerId}/products/{targets.ProductId}/delays", true, () => Json("""
            {"newShipDate":"2026-12-24","reason":"Hostile rain"}
            """),
        [new(["newShipDate"], "date"), new(["reason"], "string", 500)]),
    ];

    static readonly string[] Cases =
    [
        "truncated JSON", "broken JSON", "wrong type", "null", "missing field", "huge or non-finite number", "deep nesting", "duplicate key",
        "overlong string", "control character", "lone surrogate", "invalid UTF-8", "wrong content type", "missing content type",
        "oversized body", "bad key", "bad Idempotency-Key", "bad id in the path", "bad stream position", "wrong method", "body not an object",
    ];

    public IEnumerable<HostileRequest> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Build(i);
        }
    }

    public HostileRequest Build(int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var @case = Cases[index % Cases.Length];
        var endpoint = _endpoints[random.Next(_endpoints.Length)];
        return @case switch
        {
            "truncated JSON" => Body(index, @case, endpoint, Truncate(Bytes(endpoint.Valid()), random)),
            "broken JSON" => Body(index, @case, endpoint, Break(Bytes(endpoint.Valid()), random)),
            "wrong type" => Mutate(index, @case, endpoint, random, WrongType),
            "null" => Mutate(index, @case, endpoint, random, (field, _) => null, required: true),
            "missing field" => Missing(index, @case, endpoint, random),
            "huge or non-finite number" => Numbers(index, @case, endpoint, random),
            "deep nesting" => Deep(index, @case, endpoint, random),
            "duplicate key" => Duplicate(index, @case, endpoint, random),
            "overlong string" => Mutate(index, @case, endpoint, random, (field, r) => JsonValue.Create(new string(Letter(r), field.MaxLength + 1 + r.Next(2000))), kind: "string"),
            "control character" => Inject(index, @case, endpoint, random, ControlCharacter),
            "lone surrogate" => Inject(index, @case, endpoint, random, r => r.Next(2) == 0 ? "\\ud800" : "\\udfff"),
            "invalid UTF-8" => InvalidUtf8(index, @case, endpoint, random),
            "wrong content type" => Body(index, @case, endpoint, Bytes(endpoint.Valid()),
                contentType: Pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "json")),
            "missing content type" => Body(index, @case, endpoint, Bytes(endpoint.Valid()), contentType: null),
            "oversized body" => Body(index, @case, endpoint, Oversized(endpoint.Valid(), random)),
            "bad key" => BadKey(index, @case, random),
            "bad Idempotency-Key" => BadIdempotencyKey(index, @case, random),
            "bad id in the path" => BadId(index, @case, random),
            "bad stream position" => BadPosition(index, @case, random),
            "wrong method" => WrongMethod(index, @case, random),
            _ => Body(index, @case, endpoint, Encoding.UTF8.GetBytes(Pick(random, "null", "[]", "42", "\"order\"", "true", "[{}]", ""))),
        };
    }

    HostileRequest Body(int index, string @case, Endpoint endpoint, byte[] body, string? contentType = "application/json",
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var all = new List<KeyValuePair<string, string>>(headers ?? []);
        if (endpoint.NeedsKey && all.All(h => h.Key != "X-Api-Key"))
        {
            all.Add(new("X-Api-Key", targets.SellerKey));
        }

        return new HostileRequest(index, $"{@case} ({endpoint.Name})", endpoint.Method, endpoint.Path, contentType, body, all);
    }

    HostileRequest Mutate(int index, string @case, Endpoint endpoint, Random random, Func<Field, Random, JsonNode?> value, bool required = false, string? kind = null)
    {
        var fields = endpoint.Fields.Where(f => (!required || f.Required) && (kind is null || f.Kind == kind)).ToList();
        var field = fields[random.Next(fields.Count)];
        var body = endpoint.Valid();
        Set(body, field.Path, value(field, random));
        return Body(index, $"{@case} at {string.Join('.', field.Path)}", endpoint, Bytes(body));
    }

    /// <summary>A value of a kind the field never takes (JSON strings are never numbers here, nor numbers strings).</summary>
    static JsonNode? WrongType(Field field, Random random) => field.Kind switch
    {
        "string" or "date" => Pick<JsonNode>(random, JsonValue.Create(42), JsonValue.Create(true), new JsonArray("a"), new JsonObject { ["a"] = 1 }),
        "integer" or "number" => Pick<JsonNode>(random, JsonValue.Create("1"), JsonValue.Create(false), new JsonArray(1), new JsonObject { ["value"] = 1 }),
        "array" => Pick<JsonNode>(random, JsonValue.Create("items"), JsonValue.Create(1), new JsonObject { ["0"] = 1 }),
        _ => Pick<JsonNode>(random, JsonValue.Create("contact"), JsonValue.Create(1), new JsonArray()),
    };

    HostileRequest Missing(int index, string @case, Endpoint endpoint, Random random)
    {
        var fields = endpoint.Fields.Where(f => f.Required).ToList();
        var field = fields[random.Next(fields.Count)];
        var body = endpoint.Valid();
        var parent = Parent(body, field.Path);
        if (parent is JsonObject o)
        {
            o.Remove(field.Path[^1]);
        }

        return Body(index, $"{@case} {string.Join('.', field.Path)}", endpoint, Bytes(body));
    }

    HostileRequest Numbers(int index, string @case, Endpoint endpoint, Random random)
    {
        var fields = endpoint.Fields.Where(f => f.Kind is "integer" or "number").ToList();
        if (fields.Count == 0)
        {
            return Mutate(index, @case, _endpoints[0], random, (_, r) => null, required: true);
        }

        var field = fields[random.Next(fields.Count)];
        // Raw tokens, some not JSON at all: each is refused for this field (an integer field takes 1 to 1000, or 0 and up for stock).
        var token = field.Path[^1] switch
        {
            "quantity" => Pick(random, "0", "-1", "1001", "1e400", "-1e400", "1.5", "2147483648", "99999999999999999999999999999", "NaN", "Infinity", "-Infinity", "1e3000"),
            "stock" => Pick(random, "-1", "2147483648", "1e400", "0.5", "NaN", "Infinity", "-99999999999999999999"),
            _ => Pick(random, "0", "-5", "-0", "100000000000000", "1e14", "1e400", "-1e400", "0.00001", "NaN", "Infinity", "1e-400", "79228162514264337593543950336"),
        };
        var body = Encoding.UTF8.GetString(Bytes(endpoint.Valid()));
        var marker = $"\"{field.Path[^1]}\":";
        var start = body.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = start;
        while (end < body.Length && body[end] is not (',' or '}'))
        {
            end++;
        }

        return Body(index, $"{@case} {field.Path[^1]}={token}", endpoint, Encoding.UTF8.GetBytes(body[..start] + token + body[end..]));
    }

    HostileRequest Deep(int index, string @case, Endpoint endpoint, Random random)
    {
        var depth = random.Next(2) == 0 ? 10_000 : 65 + random.Next(1000);
        var nested = random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var field = endpoint.Fields[random.Next(endpoint.Fields.Count)];
        var body = endpoint.Valid();
        Set(body, field.Path, JsonValue.Create("@@DEEP@@"));
        return Body(index, $"{@case} {depth} at {string.Join('.', field.Path)}", endpoint,
            Encoding.UTF8.GetBytes(body.ToJsonString().Replace("\"@@DEEP@@\"", nested, StringComparison.Ordinal)));
    }

    HostileRequest Duplicate(int index, string @case, Endpoint endpoint, Random random)
    {
        var text = Encoding.UTF8.GetString(Bytes(endpoint.Valid()));
        var top = endpoint.Fields.Where(f => f.Path.Length == 1).ToList();
        var field = top[random.Next(top.Count)].Path[0];
        var node = Json(text)[field]!.ToJsonString();
        return Body(index, $"{@case} {field}", endpoint, Encoding.UTF8.GetBytes(text[..^1] + $",\"{field}\":{node}}}"));
    }

    HostileRequest Inject(int index, string @case, Endpoint endpoint, Random random, Func<Random, string> escape)
    {
        var fields = endpoint.Fields.Where(f => f.Kind is "string" or "date").ToList();
        var field = fields[random.Next(fields.Count)];
        var body = endpoint.Valid();
        var current = Get(body, field.Path)?.GetValue<string>() ?? "x";
        var at = random.Next(current.Length + 1);
        Set(body, field.Path, JsonValue.Create("@@A@@" + "@@B@@"));
        var text = body.ToJsonString().Replace("@@A@@@@B@@", current[..at] + escape(random) + current[at..], StringComparison.Ordinal);
        return Body(index, $"{@case} in {string.Join('.', field.Path)}", endpoint, Encoding.UTF8.GetBytes(text));
    }

    HostileRequest InvalidUtf8(int index, string @case, Endpoint endpoint, Random random)
    {
        var fields = endpoint.Fields.Where(f => f.Kind is "string").ToList();
        var field = fields[random.Next(fields.Count)];
        var body = endpoint.Valid();
        Set(body, field.Path, JsonValue.Create("@@BAD@@"));
        var bytes = Bytes(body);
        var marker = Encoding.UTF8.GetBytes("@@BAD@@");
        var at = bytes.AsSpan().IndexOf(marker);
        byte[][] sequences = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];
        var bad = sequences[random.Next(sequences.Length)];
        return Body(index, $"{@case} in {string.Join('.', field.Path)}", endpoint, [.. bytes[..at], .. bad, .. bytes[(at + marker.Length)..]]);
    }

    static byte[] Oversized(JsonObject valid, Random random)
    {
        var text = valid.ToJsonString();
        var padding = 64 * 1024 + random.Next(1, 200_000);
        // Padding that is valid JSON whitespace, or one overlong string: the size alone must refuse it.
        return random.Next(2) == 0
            ? Encoding.UTF8.GetBytes(text[..^1] + new string(' ', padding) + "}")
            : Encoding.UTF8.GetBytes(text[..^1] + $",\"padding\":\"{new string('p', padding)}\"}}");
    }

    HostileRequest BadKey(int index, string @case, Random random)
    {
        var keyed = _endpoints.Where(e => e.NeedsKey).ToArray();
        var endpoint = keyed[random.Next(keyed.Length)];
        var key = Pick<string?>(random, null, "", "nope", "sk_", "sk_" + new string('x', 43), "dev-nope", targets.OtherSellersKey, "dev-oncall-key",
            new string('k', 4000), "Bearer " + targets.SellerKey);
        var headers = key is null ? [] : new List<KeyValuePair<string, string>> { new("X-Api-Key", key) };
        if (key is null)
        {
            return new HostileRequest(index, $"{@case} (none, {endpoint.Name})", endpoint.Method, endpoint.Path, "application/json", Bytes(endpoint.Valid()), []);
        }

        return new HostileRequest(index, $"{@case} ({endpoint.Name})", endpoint.Method, endpoint.Path, "application/json", Bytes(endpoint.Valid()), headers);
    }

    HostileRequest BadIdempotencyKey(int index, string @case, Random random)
    {
        var order = _endpoints[0];
        var key = Pick(random, "", " ", new string('k', 256), new string('k', 5000), "tab\there");
        return Body(index, @case, order, Bytes(order.Valid()), headers: [new("Idempotency-Key", key)]);
    }

    HostileRequest BadId(int index, string @case, Random random)
    {
        // Not %00: Kestrel refuses a NUL in the request target itself, a bare 400 before any application code (README, "Bad input").
        var bad = Pick(random, "has%20space", "%01", "a%2Fb", new string('x', 65), "%E2%80%AE", "..", "%F0%9F%8D%8E", "a%0Ab", "%C3%28");
        var (method, path, body, keyed) = random.Next(6) switch
        {
            0 => (HttpMethod.Get, $"/orders/{bad}", null, false),
            1 => (HttpMethod.Get, $"/orders/ord_{new string('0', 48)}", null, false),
            2 => (HttpMethod.Put, $"/sellers/{bad}/products/{targets.ProductId}", _endpoints[1].Valid(), true),
            3 => (HttpMethod.Put, $"/sellers/{targets.SellerId}/products/{bad}", _endpoints[1].Valid(), true),
            4 => (HttpMethod.Get, $"/sellers/{targets.SellerId}/delays/{bad}", null, true),
            _ => (HttpMethod.Post, $"/sellers/{targets.SellerId}/products/{bad}/delays", _endpoints[3].Valid(), true),
        };
        var headers = keyed ? new List<KeyValuePair<string, string>> { new("X-Api-Key", Pick(random, targets.SellerKey, "dev-admin-key")) } : [];
        return new HostileRequest(index, $"{@case}: {Uri.UnescapeDataString(bad)[..Math.Min(8, Uri.UnescapeDataString(bad).Length)]}", method, path,
            body is null ? null : "application/json", body is null ? null : Bytes(body), headers);
    }

    HostileRequest BadPosition(int index, string @case, Random random)
    {
        var position = Pick(random, "yesterday", "-1", "1.5", "99999999999999999999", "0x10", "5x", "NaN");
        var headers = new List<KeyValuePair<string, string>> { new("X-Api-Key", targets.SellerKey) };
        var path = $"/sellers/{targets.SellerId}/events";
        if (random.Next(2) == 0)
        {
            headers.Add(new("Last-Event-ID", position));
        }
        else
        {
            path += "?after=" + Uri.EscapeDataString(position);
        }

        return new HostileRequest(index, $"{@case}: {position}", HttpMethod.Get, path, null, null, headers);
    }

    HostileRequest WrongMethod(int index, string @case, Random random)
    {
        var (method, path) = random.Next(5) switch
        {
            0 => (HttpMethod.Delete, "/orders"),
            1 => (HttpMethod.Put, $"/orders/{targets.OrderId}"),
            2 => (HttpMethod.Patch, $"/sellers/{targets.SellerId}/webhook"),
            3 => (HttpMethod.Get, "/orders"),
            _ => (HttpMethod.Delete, $"/sellers/{targets.SellerId}/products/{targets.ProductId}"),
        };
        return new HostileRequest(index, $"{@case} {method} {path}", method, path, "application/json", Bytes(_endpoints[1].Valid()),
            [new("X-Api-Key", targets.SellerKey)]);
    }

    static byte[] Truncate(byte[] body, Random random) => body[..random.Next(body.Length - 1)];

    /// <summary>A structural character replaced by one that cannot stand there.</summary>
    static byte[] Break(byte[] body, Random random)
    {
        var structural = Enumerable.Range(0, body.Length).Where(i => body[i] is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)':' or (byte)',').ToList();
        var copy = body.ToArray();
        copy[structural[random.Next(structural.Count)]] = (byte)Pick(random, '#', ';', '=', '\'', ')');
        return copy;
    }

    static string ControlCharacter(Random random)
    {
        int[] codes = [0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9F];
        return $"\\u{codes[random.Next(codes.Length)]:x4}";
    }

    static char Letter(Random random) => (char)('a' + random.Next(26));

    static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    static byte[] Bytes(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());

    static JsonNode? Get(JsonNode root, string[] path) => path.Aggregate<string, JsonNode?>(root, (node, segment) =>
        node is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : node?[segment]);

    static JsonNode? Parent(JsonNode root, string[] path) => Get(root, path[..^1]);

    static void Set(JsonNode root, string[] path, JsonNode? value)
    {
        var parent = Parent(root, path);
        if (parent is JsonArray array)
        {
            array[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else if (parent is JsonObject o)
        {
            o[path[^1]] = value;
        }
    }
}
