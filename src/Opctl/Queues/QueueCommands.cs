using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static OrderPipeline.Opctl.ApiCommands;

namespace OrderPipeline.Opctl.Queues;

/// <summary><c>opctl queues</c>: every queue's depth, consumers and rates, once or live (<c>--watch</c>; key with the on-call or developer role).</summary>
public static class QueueCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kit = new ApiCommands(output, error, "oncall or developer");
        var watch = new Option<bool>("--watch") { Description = "Keep the table on screen, refreshed every 2 s, until Ctrl+C." };
        var all = new Option<bool>("--all") { Description = "Also the retry and delivery-limit queues that are empty." };
        var queues = kit.Define("queues", "Every work, retry, error and skipped queue: ready, unacked, consumers, rates, and what stopped it (the console's Queues page).",
            [watch, all],
            async (p, c, ct) =>
            {
                var console = Terminal.For(output);
                if (!p.GetValue(watch) || p.GetValue(kit.Json) || !console.IsInteractive())
                {
                    await kit.Print(p, await c.GetAsync("admin/queues", ct), v => console.Write(Board(v, p.GetValue(all))));
                    return;
                }

                try
                {
                    await console.Live(Board(await c.GetAsync("admin/queues", ct), p.GetValue(all))).StartAsync(async live =>
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(2), ct);
                            live.UpdateTarget(Board(await c.GetAsync("admin/queues", ct), p.GetValue(all)));
                        }
                    });
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C ends the watch.
                }
            });

        queues.Options.Add(kit.Api);
        queues.Options.Add(kit.Key);
        queues.Options.Add(kit.Json);
        return queues;
    }

    static Table Board(JsonElement board, bool all)
    {
        var rows = board.GetProperty("queues").EnumerateArray()
            .Where(q => all || Text(q, "kind") is "work" or "error" or "skipped" || q.GetProperty("ready").GetInt64() > 0)
            .Select(q => new[]
            {
                Text(q, "queue"), Text(q, "kind"), Text(q, "ready"), Text(q, "unacknowledged"), Text(q, "consumers"), Rate(q, "publishPerSecond"),
                Rate(q, "deliverPerSecond"), State(q),
            });
        var table = Terminal.Table(["QUEUE", "KIND", "READY", "UNACKED", "CONSUMERS", "IN/S", "OUT/S", "STATE"], rows);
        var error = Text(board, "brokerError");
        table.Caption = new TableTitle($"{Time(board, "at")} UTC" + (error.Length > 0 ? $" · broker: {Markup.Escape(error)}" : ""));
        return table;
    }

    static string Rate(JsonElement q, string property) => q.GetProperty(property).GetDouble().ToString("0.0", CultureInfo.InvariantCulture);

    static string State(JsonElement q)
    {
        if (q.GetProperty("missing").GetBoolean())
        {
            return "missing";
        }

        var paused = q.GetProperty("pausedBy").EnumerateArray().Select(i => i.GetString()).ToList();
        var stopped = q.GetProperty("stoppedBy").EnumerateArray().Select(i => i.GetString()).ToList();
        return (paused.Count, stopped.Count) switch
        {
            (0, 0) => "",
            (_, 0) => $"paused by a flag ({paused.Count})",
            (0, _) => $"stopped by the kill switch ({stopped.Count})",
            _ => $"paused ({paused.Count}), stopped ({stopped.Count})",
        };
    }
}
