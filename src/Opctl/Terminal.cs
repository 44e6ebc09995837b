using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrderPipeline.Opctl;

/// <summary>
/// Where opctl writes: Spectre.Console over the command's writer. At a terminal, colours, live views and progress bars; into a
/// pipe or a test's buffer, plain text as wide as the rows need (nothing a script has to strip).
/// </summary>
public static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = 400;
        }

        return console;
    }

    public static bool IsInteractive(this IAnsiConsole console) => console.Profile.Capabilities.Interactive;

    /// <summary>A table of plain text cells (never read as markup); "(none)" under the header when there are no rows.</summary>
    public static Table Table(string[] headers, IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = true });
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        if (table.Rows.Count == 0)
        {
            table.AddRow([new Text("(none)"), .. Enumerable.Range(1, headers.Length - 1).Select(_ => (IRenderable)new Text(""))]);
        }

        return table;
    }

    /// <summary>
    /// Follows something that advances towards a total (a replay job, a delay's notices) until it ends: at a terminal a progress
    /// bar with rate and time left, elsewhere a line whenever the status line changes. The last status line is printed either way.
    /// </summary>
    public static async Task FollowAsync(IAnsiConsole console, string title, Func<CancellationToken, Task<Step>> read, TimeSpan every,
        CancellationToken cancellationToken)
    {
        if (!console.IsInteractive())
        {
            string? last = null;
            while (true)
            {
                var step = await read(cancellationToken);
                if (step.Line != last)
                {
                    console.WriteLine(step.Line);
                    last = step.Line;
                }

                if (step.Finished)
                {
                    return;
                }

                await Task.Delay(every, cancellationToken);
            }
        }

        Step final = default;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title));
                while (true)
                {
                    final = await read(cancellationToken);
                    task.MaxValue = Math.Max(1, final.Total);
                    task.Value = final.Done;
                    if (final.Finished)
                    {
                        task.StopTask();
                        return;
                    }

                    await Task.Delay(every, cancellationToken);
                }
            });
        console.WriteLine(final.Line);
    }

    /// <summary>One reading of what <see cref="FollowAsync"/> follows.</summary>
    public readonly record struct Step(double Done, double Total, bool Finished, string Line);

    /// <summary>Items per second, from the progress task's own speed estimate.</summary>
    sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed,7:0.0}/s" : "      -/s");
    }
}
