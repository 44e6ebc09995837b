using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using OrderPipeline.Bench.Pipeline.Baseline;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Report;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>
/// Scenario 1, the ceilings measured in the same run: the baseline host answering 202 without publishing, the same host
/// publishing each body with a raw RabbitMQ.Client confirmed publish to a quorum queue, both driven by the same HTTP load,
/// and a raw consume of what was published.
/// </summary>
public static class BaselineScenario
{
    /// <summary>Accepted requests per second of the raw confirmed publish, by connection count (what the intake is held to).</summary>
    public static async Task<IReadOnlyDictionary<int, double>> RunAsync(BenchSettings settings, int[] connections, TimeSpan duration, bool publish = true)
    {
        var table = new ResultTable("baseline", "Baseline: HTTP host alone, raw confirmed publish over HTTP, raw consume",
            "ceiling", "connections", "requests/s", "p50 / p99 / max ms", "errors", "CPU: host / rabbitmq / bench");
        var raw = new Dictionary<int, double>();
        var bodies = new OrderBodies("baseline");
        foreach (var mode in new[] { "plain", "raw" })
        {
            foreach (var conns in connections)
            {
                var (result, usage) = await WithServerAsync(mode, async address =>
                    await ClosedLoad.RunAsync(address, bodies, conns, duration, TimeSpan.FromSeconds(3)));
                var rate = result.Accepted / result.Elapsed.TotalSeconds;
                if (mode == "raw")
                {
                    raw[conns] = rate;
                }

                table.Add(mode == "plain" ? "202 without publishing" : "raw publish + confirm, quorum", conns, rate,
                    result.LatencyOf(_ => true).ToString(), result.Failed, Cpu(usage, "baseline host"));
            }
        }

        var stats = ProcessStats.Start(() => new Dictionary<string, IReadOnlyList<int>>
        {
            ["bench (raw consumer)"] = [Environment.ProcessId], ["rabbitmq"] = ProcessStats.ByName("beam.smp"),
        });
        var (messages, elapsed) = await RawConsumer.DrainAsync(settings);
        var consumeUsage = await stats.StopAsync();
        table.Add("raw consume (prefetch 500, deserialize, single ack)", 1, messages / elapsed.TotalSeconds, $"{messages:N0} messages", 0,
            Cpu(consumeUsage, "bench (raw consumer)"));
        table.Note("Load: closed model, each connection posts its next order when the last is answered, 3 s warm-up; latency from send to answer.");
        table.Note("The baseline host is this program (`serve plain|raw`) in its own process; `raw` awaits each publisher confirm on one shared channel (tracking on, no rate limiter).");
        if (publish)
        {
            table.Publish(settings.Root, $"bench/pipeline/run.sh baseline --seconds {duration.TotalSeconds} --connections {string.Join(',', connections)}");
        }

        return raw;
    }

    static string Cpu(IReadOnlyList<ProcessStats.Usage> usage, string host) =>
        string.Join(" / ", new[] { host, "rabbitmq", "bench (load + gateway)" }.Select(name =>
            usage.FirstOrDefault(u => u.Process == name)?.Cores.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"));

    static async Task<(LoadResult Result, IReadOnlyList<ProcessStats.Usage> Usage)> WithServerAsync(
        string mode, Func<Uri, Task<LoadResult>> load)
    {
        var port = HostProcess.FreePort();
        var start = new ProcessStartInfo("dotnet", [Assembly.GetEntryAssembly()!.Location, "serve", mode, port.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        };
        using var server = Process.Start(start)!;
        var address = new Uri($"http://127.0.0.1:{port}");
        try
        {
            using (var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) })
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (true)
                {
                    try
                    {
                        (await probe.GetAsync("/health/ready")).EnsureSuccessStatusCode();
                        break;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(100);
                    }
                }
            }

            var stats = ProcessStats.Start(() => new Dictionary<string, IReadOnlyList<int>>
            {
                ["baseline host"] = [server.Id], ["bench (load + gateway)"] = [Environment.ProcessId], ["rabbitmq"] = ProcessStats.ByName("beam.smp"),
            });
            var result = await load(address);
            return (result, await stats.StopAsync());
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }
}
