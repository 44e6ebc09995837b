using System.Globalization;
using System.Text;
using OrderPipeline.Bench.Pipeline.Hosts;

namespace OrderPipeline.Bench.Pipeline.Report;

/// <summary>A scenario's figures as a Markdown table, printed and appended to <c>bench/results/{scenario}.md</c> with the commit and the machine.</summary>
public sealed class ResultTable(string scenario, string title, params string[] columns)
{
    readonly List<string[]> _rows = [];
    readonly List<string> _notes = [];

    public void Add(params object[] cells) => _rows.Add(cells.Select(Format).ToArray());

    public void Note(string note) => _notes.Add(note);

    public void Usage(IReadOnlyList<ProcessStats.Usage> usage, string label) =>
        Note($"CPU (cores) and peak memory (MiB), {label}: " + string.Join(", ", usage.Select(u => $"{u.Process} {u.Cores:0.00} / {u.PeakMemoryMiB:0}")) +
             $"; machine {usage.Sum(u => u.Cores):0.00} of {Environment.ProcessorCount}");

    public string Render(string reproduce)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · commit {Machine.Commit} · {Machine.Describe()}");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", columns) + " |");
        text.AppendLine("|" + string.Concat(columns.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        text.AppendLine();
        foreach (var note in _notes)
        {
            text.AppendLine("- " + note);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- reproduce: `{reproduce}`");
        return text.ToString();
    }

    public void Publish(string root, string reproduce)
    {
        var text = Render(reproduce);
        Console.WriteLine();
        Console.WriteLine(text);
        var folder = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, scenario + ".md"), text + Environment.NewLine);
    }

    static string Format(object cell) => cell switch
    {
        double d when double.IsNaN(d) => "-",
        double d => d.ToString(d >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture),
        int or long => string.Format(CultureInfo.InvariantCulture, "{0:N0}", cell),
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
    };
}
