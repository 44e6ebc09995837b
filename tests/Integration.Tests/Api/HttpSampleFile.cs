using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderPipeline.Integration.Tests.Api;

/// <summary>One request of a <c>.http</c> file, as written (variables not yet filled in).</summary>
public sealed record HttpSample(string? Name, string Title, string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body);

/// <summary>
/// A <c>.http</c> file as Visual Studio, Rider and VS Code's REST Client read it: <c>@name = value</c> variables, requests between
/// <c>###</c> lines, <c># @name x</c> naming a request so later ones use <c>{{x.response.body.$.field}}</c>, and
/// <c>{{$datetime iso8601 20 d}}</c> / <c>{{$datetime "yyyy-MM-dd" 20 d}}</c>. Enough of the format to run our samples in a test.
/// </summary>
public sealed partial class HttpSampleFile
{
    public HttpSampleFile(string path)
    {
        var title = "";
        string? name = null;
        var block = new List<string>();
        foreach (var line in File.ReadAllLines(path).Append("###"))
        {
            if (line.StartsWith("###", StringComparison.Ordinal))
            {
                if (block.Count > 0 && RequestLine().IsMatch(block[0]))
                {
                    Samples.Add(Parse(name, title, block));
                }

                (title, name, block) = (line.TrimStart('#').Trim(), null, []);
                continue;
            }

            if (NameLine().Match(line) is { Success: true } named)
            {
                name = named.Groups[1].Value;
            }
            else if (VariableLine().Match(line) is { Success: true } variable && block.Count == 0)
            {
                Variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
            }
            else if (!line.StartsWith('#') && (block.Count > 0 || line.Trim().Length > 0))
            {
                block.Add(line);
            }
        }
    }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public List<HttpSample> Samples { get; } = [];

    /// <summary>Fills in <c>{{…}}</c>: the file's variables, earlier named responses, <c>$datetime</c>. An unknown one is left empty.</summary>
    public string Fill(string text, IReadOnlyDictionary<string, JsonNode?> responses) => Placeholder().Replace(text, m =>
    {
        var expression = m.Groups[1].Value.Trim();
        if (Variables.TryGetValue(expression, out var value))
        {
            return Fill(value, responses);
        }

        if (DateTimeVariable().Match(expression) is { Success: true } date)
        {
            var at = DateTimeOffset.UtcNow;
            if (date.Groups[3].Success)
            {
                var amount = int.Parse(date.Groups[3].Value, CultureInfo.InvariantCulture);
                at = date.Groups[4].Value switch { "d" => at.AddDays(amount), "h" => at.AddHours(amount), "m" => at.AddMinutes(amount), _ => at.AddSeconds(amount) };
            }

            return date.Groups[2].Success ? at.ToString(date.Groups[2].Value, CultureInfo.InvariantCulture) : at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }

        if (ResponseVariable().Match(expression) is { Success: true } reference && responses.TryGetValue(reference.Groups[1].Value, out var body))
        {
            return Select(body, reference.Groups[2].Value) switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                null => "",
                var node => node.ToJsonString(),
            };
        }

        return "";
    });

    /// <summary>A JSONPath of names and indexes (<c>$.items[0].id</c>, <c>$[0].fingerprint</c>).</summary>
    static JsonNode? Select(JsonNode? node, string path)
    {
        foreach (Match step in PathStep().Matches(path))
        {
            node = step.Groups[1].Success
                ? node is JsonObject o && o.TryGetPropertyValue(step.Groups[1].Value, out var child) ? child : null
                : node is JsonArray a && int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture) is var i && i < a.Count ? a[i] : null;
        }

        return node;
    }

    static HttpSample Parse(string? name, string title, List<string> block)
    {
        var request = RequestLine().Match(block[0]);
        var headers = new List<(string, string)>();
        var i = 1;
        for (; i < block.Count && block[i].Trim().Length > 0; i++)
        {
            var colon = block[i].IndexOf(':', StringComparison.Ordinal);
            headers.Add((block[i][..colon].Trim(), block[i][(colon + 1)..].Trim()));
        }

        var body = string.Join('\n', block.Skip(i + 1)).Trim();
        return new HttpSample(name, title, request.Groups[1].Value, request.Groups[2].Value.Trim(), headers, body.Length == 0 ? null : body);
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) (\S+)")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^#\s*@name\s+(\S+)")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^@([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\$datetime\s+(iso8601|""([^""]+)"")(?:\s+(-?\d+)\s+([dhms]))?$")]
    private static partial Regex DateTimeVariable();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\.response\.body\.(\$.*)$")]
    private static partial Regex ResponseVariable();

    [GeneratedRegex(@"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")]
    private static partial Regex PathStep();
}
