using System.Diagnostics;
using System.Globalization;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Report;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>
/// Scenario 6 (issue 20): the pipeline on the 3-node cluster of <c>rabbitmq/cluster.sh</c> (every host given all three nodes),
/// a fixed arrival rate, and one node killed (<c>kill -9</c>) partway through: the node every client connected to first,
/// where the queues' leaders are. Counted: what was accepted (202), whether every accepted order was decided and told once
/// (no confirmed message lost), what was refused while the cluster failed over, and how long until orders were accepted again
/// and until the pipeline had caught up. Run by <c>bench/cluster/run.sh</c>.
/// </summary>
public static class ClusterScenario
{
    /// <summary>The <c>orders</c> queue's leader and members, as a surviving node (<paramref name="ask"/>) sees them.</summary>
    static async Task<string> MembersAsync(BenchSettings settings, int ask) =>
        (await CtlAsync(ask, "list_queues", "-p", settings.VirtualHost, "name", "leader", "members", "messages"))
        .Split('\n').FirstOrDefault(l => l.StartsWith("orders\t", StringComparison.Ordinal))?.Replace('\t', ' ') ?? "orders: not listed";

    /// <summary>Per second of answer time around the kill: 202s, other answers, and the slowest answer (from its due time).</summary>
    static void PrintSeconds(LoadResult result, TimeSpan killed)
    {
        var bySecond = result.Outcomes.Where(o => o.Status != 0)
            .GroupBy(o => (int)((o.DueTicks + o.LatencyTicks) / Stopwatch.Frequency))
            .OrderBy(g => g.Key)
            .Where(g => g.Key >= (int)killed.TotalSeconds - 2);
        Console.WriteLine("  answers by second (answered in: 202 / other, slowest ms):");
        Console.WriteLine("    " + string.Join("  ", bySecond.Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Key}s: {g.Count(o => o.Status == 202)}/{g.Count(o => o.Status != 202)} {g.Max(o => o.LatencyTicks) * 1000 / Stopwatch.Frequency}"))));
    }

    /// <summary>What <c>rabbitmqctl</c> prints, asked of node <paramref name="ask"/>.</summary>
    static async Task<string> CtlAsync(int ask, params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl", ["-n", $"op{ask}@{Environment.MachineName}", "-q", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public static async Task<bool> RunAsync(BenchSettings settings, double rate, TimeSpan duration, TimeSpan killAt, int node, int connections)
    {
        var table = new ResultTable("cluster", "A 3-node RabbitMQ cluster, one node killed under load",
            "rate /s", "sent", "202", "refused (503) / unanswered", "queued anyway", "node killed at s", "refusals from → to s",
            "answers slower than 1 s, due from → to s", "last notice after last POST s", "POST→202 p50 / p99 / max ms", "verified (no accepted order lost or doubled)");
        await using var pipeline = await BenchPipeline.StartAsync(settings);
        var allOk = await RunCheck.WarmUpAsync(pipeline, rate, TimeSpan.FromSeconds(10), connections);
        pipeline.Receiver.Clear();
        var bodies = new OrderBodies(string.Create(CultureInfo.InvariantCulture, $"k{rate:0}-{DateTime.UtcNow:HHmmss}"));
        var stock = await pipeline.SeedProductsAsync(bodies, (long)(rate * duration.TotalSeconds));
        Console.WriteLine($"cluster: {rate:N0} orders/s for {duration.TotalSeconds:0} s, node {node} killed at {killAt.TotalSeconds:0} s");

        Console.WriteLine("  before the kill: " + await MembersAsync(settings, node % 3 + 1));
        var load = OpenLoad.RunAsync(pipeline.Api.BaseAddress, bodies, connections, [new Phase("steady", duration.TotalSeconds, rate)]);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(killAt);
        var killed = Stopwatch.GetElapsedTime(started);
        using (var kill = Process.Start(Path.Combine(settings.Root, "rabbitmq", "cluster.sh"), ["kill", node.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var result = await load;
        Console.WriteLine("  after the load: " + await MembersAsync(settings, node % 3 + 1));
        Console.WriteLine("  connections after the load:\n" + await CtlAsync(node % 3 + 1, "list_connections", "name", "user_provided_name", "channels", "state") +
            await CtlAsync(node % 3 + 1, "list_channels", "name", "confirm", "messages_unconfirmed", "messages_unacknowledged", "consumer_count", "state"));
        await RunCheck.WaitForNoticesAsync(pipeline, result.Accepted, TimeSpan.FromMinutes(5));
        // A refusal during the failover may follow a publish the broker kept whose confirm was lost with the node ("queued anyway",
        // README "Not promised"): the verifier allows as many orders without a 202 as there were answers other than 202.
        // The queued-anyway orders' notices count towards the wait above, so it can end before every accepted order's notice is in:
        // notices still on their way (a redelivery parked in a retry queue during the failover) are waited for, two minutes at most.
        var verifier = new Verification.RunVerifier(pipeline.Database);
        var waited = Stopwatch.StartNew();
        var report = await verifier.VerifyAsync(result.AcceptedOrderIds.ToArray(), stock, pipeline.Receiver.Counts, unanswered: result.Failed);
        while (!report.Ok && report.NoticesMissing.Count > 0 && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(1000);
            report = await verifier.VerifyAsync(result.AcceptedOrderIds.ToArray(), stock, pipeline.Receiver.Counts, unanswered: result.Failed);
        }

        var lastNotice = pipeline.Receiver.Receipts.Values.Max(r => r.FirstAt);
        // What the intake said about its broker connection during the run (not each refused order's fault: those are counted above).
        var intakeLog = Path.Combine(Path.GetTempPath(), "op-bench-cluster-intake.log");
        await File.WriteAllLinesAsync(intakeLog, pipeline.Api.Lines);
        Console.WriteLine($"  the intake's last {pipeline.Api.Lines.Count()} log lines: {intakeLog}; about its connection, last lines:");
        foreach (var line in pipeline.Api.Lines.Where(l => !l.Contains("S-FAULT", StringComparison.Ordinal) && !l.Contains("could not be published", StringComparison.Ordinal)).TakeLast(20))
        {
            Console.WriteLine("    " + (line.Length > 300 ? line[..300] + " …" : line));
        }

        Console.WriteLine($"  verification: {report}");
        PrintSeconds(result, killed);

        // Seconds since the load's start, by due time (the kill is measured from the same start, within a few ms).
        static double At(Outcome o) => o.DueTicks / (double)Stopwatch.Frequency;
        var refused = result.Outcomes.Where(o => o.Status != 202).Select(At).Order().ToList();
        var slowTicks = Stopwatch.Frequency;
        var slow = result.Outcomes.Where(o => o.LatencyTicks > slowTicks).Select(At).Order().ToList();
        table.Add(rate, result.Outcomes.Count, result.Accepted,
            $"{result.Outcomes.Count(o => o.Status is not 202 and not 0)} / {result.Outcomes.Count(o => o.Status == 0)}", report.Unannounced, $"{killed.TotalSeconds:0.0}",
            refused.Count == 0 ? "none" : $"{refused[0]:0.0} → {refused[^1]:0.0}", slow.Count == 0 ? "none" : $"{slow.Count:N0}: {slow[0]:0.0} → {slow[^1]:0.0}",
            $"{(lastNotice - (result.StartedAt + result.Elapsed)).TotalSeconds:0.0}", result.LatencyOf(_ => true).ToString(), report.Ok ? "ok" : "FAILED: " + report);
        table.Note("Every host had all three nodes (RabbitMq__Nodes__0..2) and connected to the first; the killed node held their connections and the queues' leaders.");
        table.Note("Refused = the intake's 503 (not confirmed as queued; retry with the same Idempotency-Key): no 202 without a broker's confirm. " +
            "Queued anyway = orders decided whose request was refused (the broker kept the publish, its confirm was lost with the node). " +
            "Verified = every 202 order decided once, stock balanced, each notice sent once.");
        table.Publish(settings.Root, string.Create(CultureInfo.InvariantCulture,
            $"bench/cluster/run.sh --rate {rate} --seconds {duration.TotalSeconds} --kill-at {killAt.TotalSeconds} --node {node}"));
        return allOk && report.Ok;
    }
}
