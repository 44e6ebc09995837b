using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace OrderPipeline.Opctl;

/// <summary>What every admin-API command group shares: <c>--api</c>, <c>--key</c>, <c>--json</c>, error reporting and tables (<see cref="Terminal"/>).</summary>
public sealed class ApiCommands
{
    readonly TextWriter _output;
    readonly TextWriter _error;

    public ApiCommands(TextWriter output, TextWriter error, string role)
    {
        _output = output;
        _error = error;
        Api = new Option<string>("--api")
        {
            Description = "Admin host base URL (default: $OPCTL_API or http://127.0.0.1:5084).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OPCTL_API") ?? "http://127.0.0.1:5084",
            Recursive = true,
        };
        Key = new Option<string?>("--key")
        {
            Description = $"API key with the {role} role (default: $OPCTL_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OPCTL_API_KEY"),
            Recursive = true,
        };
        Json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table.", Recursive = true };
    }

    public Option<string> Api { get; }
    public Option<string?> Key { get; }
    public Option<bool> Json { get; }

    /// <summary>A command that calls the admin API; an API error is printed and exits with 1.</summary>
    public Command Define(string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, AdminClient, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option o: command.Options.Add(o); break;
                case Argument a: command.Arguments.Add(a); break;
            }
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var client = AdminClient.Create(parse.GetValue(Api)!, parse.GetValue(Key));
                return await run(parse, client, cancellationToken);
            }
            catch (AdminApiException e)
            {
                await _error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    public Command Define(string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, AdminClient, CancellationToken, Task> run) =>
        Define(name, description, symbols, async (p, c, ct) =>
        {
            await run(p, c, ct);
            return 0;
        });

    /// <summary>The group command carrying the shared options.</summary>
    public Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands)
        {
            group.Subcommands.Add(command);
        }

        group.Options.Add(Api);
        group.Options.Add(Key);
        group.Options.Add(Json);
        return group;
    }

    public async Task Print(ParseResult p, JsonElement value, Action<JsonElement> table)
    {
        if (p.GetValue(Json))
        {
            await _output.WriteLineAsync(JsonSerializer.Serialize(value, AdminClient.JsonOptions));
        }
        else
        {
            table(value);
        }
    }

    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    public static string Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => v.GetRawText(),
        } : "";

    public static string Time(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public static void Table(TextWriter output, string[] headers, IEnumerable<string[]> rows) =>
        Terminal.For(output).Write(Terminal.Table(headers, rows));
}
