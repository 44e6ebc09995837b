using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace OrderPipeline.Integration.Tests.Api;

/// <summary>
/// A host's OpenAPI document as a client would hold the API to it: which operation a request is, which answers it may give, and
/// whether an answer's body is what the document's schema for that status says (JSON Schema 2020-12, evaluated by JsonSchema.Net;
/// the document's <c>components/schemas</c> become the schema's <c>$defs</c>).
/// </summary>
public sealed class ApiDocument
{
    readonly JsonNode _document;
    readonly string _definitions;
    readonly List<(Regex Template, string Path)> _paths;

    public ApiDocument(string host, string json)
    {
        _document = JsonNode.Parse(json)!;
        _definitions = Definitions(_document["components"]?["schemas"]?.ToJsonString() ?? "{}");
        Host = host;
        _paths = _document["paths"]!.AsObject().Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "/?$"), p.Key)).ToList();
    }

    public string Host { get; }

    public IEnumerable<(string Method, string Path)> Operations =>
        _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key.ToUpperInvariant(), p.Key)));

    /// <summary>The documented path template a concrete path is an instance of (the most literal one first), or null.</summary>
    public string? Match(string method, string path) => _paths
        .Where(p => p.Template.IsMatch(path) && _document["paths"]![p.Path]![method.ToLowerInvariant()] is not null)
        .OrderBy(p => p.Path.Count(c => c == '{'))
        .Select(p => p.Path).FirstOrDefault();

    public bool IsSecured(string method, string template) =>
        _document["paths"]![template]![method.ToLowerInvariant()]!["security"] is JsonArray { Count: > 0 };

    public bool TakesBody(string method, string template) => _document["paths"]![template]![method.ToLowerInvariant()]!["requestBody"] is not null;

    /// <summary>What is wrong with this answer to the operation by the document, or null when nothing is.</summary>
    public string? Check(string method, string template, int status, string? mediaType, string body)
    {
        var operation = _document["paths"]![template]![method.ToLowerInvariant()]!;
        var statusText = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation["responses"]?[statusText] is not { } response)
        {
            return $"answered {status}, which the document does not list (it lists {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})";
        }

        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            return body.Trim().Length == 0 ? null : $"answered {status} with a body the document does not declare: {Shorten(body)}";
        }

        var media = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase));
        if (media.Key is null)
        {
            return $"answered {status} as {mediaType ?? "(no content type)"}; the document says {string.Join(", ", content.Select(c => c.Key))}";
        }

        if (media.Value?["schema"] is null || !mediaType!.Contains("json", StringComparison.Ordinal))
        {
            return null;
        }

        var wrapper = JsonNode.Parse(Definitions(media.Value["schema"]!.ToJsonString()))!.AsObject();
        wrapper["$defs"] = JsonNode.Parse(_definitions);
        var schema = JsonSchema.FromText(wrapper.ToJsonString());
        var results = schema.Evaluate(JsonNode.Parse(body), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return null;
        }

        var errors = results.Details.Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5);
        return $"answered {status} with a body that does not match the document's schema: {string.Join("; ", errors)} in {Shorten(body)}";
    }

    /// <summary>The document's references (<c>#/components/schemas/X</c>) as references to the schema's own <c>$defs</c>.</summary>
    static string Definitions(string json) => json.Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
