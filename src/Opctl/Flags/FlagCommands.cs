using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static OrderPipeline.Opctl.ApiCommands;

namespace OrderPipeline.Opctl.Flags;

/// <summary><c>opctl flags ...</c>: flip the kill switches and see every process take the flip (key with the <c>developer</c> role).</summary>
public static class FlagCommands
{
    /// <summary>Exit code of <c>set</c> when some live instance has not applied the flip by the time the wait ends.</summary>
    public const int NotAcknowledged = 3;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var kit = new ApiCommands(output, error, "developer");

        var list = kit.Define("list", "Every flag: state, rollout, last change.", [], async (p, c, ct) =>
        {
            var flags = await c.GetAsync("admin/flags", ct);
            await kit.Print(p, flags, v => Table(output, ["FLAG", "STATE", "VERSION", "CHANGED", "BY", "REASON"], v.EnumerateArray().Select(f => new[]
            {
                Text(f, "name"), State(f), Text(f, "version"), Time(f, "updatedAt"), Text(f, "updatedBy"), Shorten(Text(f, "reason"), 50),
            })));
        });

        var name = new Argument<string>("name") { Description = "The flag, e.g. Notify.Send (see `opctl flags list`)." };
        var show = kit.Define("show", "One flag, and which running instances have applied its current version.", [name], async (p, c, ct) =>
        {
            var flag = await c.GetAsync($"admin/flags/{Uri.EscapeDataString(p.GetValue(name)!)}", ct);
            await kit.Print(p, flag, v => Describe(output, v));
        });

        var state = new Argument<string>("state") { Description = "on or off." };
        state.AcceptOnlyFromAmong("on", "off");
        var reason = new Option<string>("--reason") { Description = "Why (required; goes to the audit log).", Required = true };
        var rollout = new Option<int?>("--rollout") { Description = "Turn on for this percentage of customers only (0-100; flags with a rollout)." };
        var wait = new Option<double>("--wait")
        {
            Description = "Seconds to wait for every live instance to apply the flip (0: do not wait).",
            DefaultValueFactory = _ => 10,
        };
        var set = kit.Define("set", "Flip a flag, then wait until every running instance has applied it.", [name, state, reason, rollout, wait], async (p, c, ct) =>
        {
            var flagName = Uri.EscapeDataString(p.GetValue(name)!);
            var started = Stopwatch.StartNew();
            var flipped = await c.PutAsync($"admin/flags/{flagName}", new
            {
                enabled = p.GetValue(state) == "on",
                reason = p.GetValue(reason),
                rolloutPercentage = p.GetValue(rollout),
            }, ct);
            var version = flipped.GetProperty("version").GetInt64();
            await output.WriteLineAsync($"{Text(flipped, "name")} is {State(flipped)} (version {version}), by {Text(flipped, "updatedBy")}: {Text(flipped, "reason")}");
            var limit = TimeSpan.FromSeconds(Math.Max(0, p.GetValue(wait)));
            if (limit == TimeSpan.Zero)
            {
                return 0;
            }

            while (true)
            {
                var flag = await c.GetAsync($"admin/flags/{flagName}", ct);
                var propagation = flag.GetProperty("propagation");
                var done = propagation.GetProperty("applied").GetInt32() == propagation.GetProperty("live").GetInt32();
                if (done || started.Elapsed >= limit)
                {
                    await kit.Print(p, flag, v => Describe(output, v));
                    return done ? 0 : NotAcknowledged;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        });

        var history = kit.Define("history", "A flag's flips, newest first: who, when, from what to what, why.", [name], async (p, c, ct) =>
        {
            var changes = await c.GetAsync($"admin/flags/{Uri.EscapeDataString(p.GetValue(name)!)}/history", ct);
            await kit.Print(p, changes, v => Table(output, ["VERSION", "AT", "BY", "FROM", "TO", "REASON"], v.EnumerateArray().Select(h => new[]
            {
                Text(h, "version"), Time(h, "at"), Text(h, "actor"),
                Rollout(h.GetProperty("oldEnabled").GetBoolean(), h.GetProperty("oldRolloutPercentage")),
                Rollout(h.GetProperty("newEnabled").GetBoolean(), h.GetProperty("newRolloutPercentage")),
                Shorten(Text(h, "reason"), 60),
            })));
        });

        return kit.Group("flags", "Feature flags (kill switches) over the admin API.", list, show, set, history);
    }

    static string State(JsonElement flag) => Rollout(flag.GetProperty("enabled").GetBoolean(), flag.GetProperty("rolloutPercentage"));

    static string Rollout(bool enabled, JsonElement percentage) =>
        !enabled ? "off" : percentage.ValueKind == JsonValueKind.Number ? $"on {percentage.GetInt32()}%" : "on";

    static void Describe(TextWriter output, JsonElement flag)
    {
        output.WriteLine($"{Text(flag, "name")}: {State(flag)} (version {Text(flag, "version")}, {Time(flag, "updatedAt")} by {Text(flag, "updatedBy")}: {Text(flag, "reason")})");
        output.WriteLine($"  {Text(flag, "description")}");
        if (!flag.TryGetProperty("propagation", out var propagation) || propagation.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        output.WriteLine(propagation.GetProperty("summary").GetString());
        Table(output, ["INSTANCE", "STATE", "VERSION", "APPLIED", "TOOK", "PAUSED"], propagation.GetProperty("instances").EnumerateArray().Select(i => new[]
        {
            Text(i, "instance"), Text(i, "state"), Text(i, "appliedVersion"), Time(i, "appliedAt"),
            i.GetProperty("tookSeconds").ValueKind == JsonValueKind.Number ? i.GetProperty("tookSeconds").GetDouble().ToString("0.00 s", CultureInfo.InvariantCulture) : "",
            string.Join(",", i.GetProperty("pausedQueues").EnumerateArray().Select(q => q.GetString())),
        }));
    }
}
