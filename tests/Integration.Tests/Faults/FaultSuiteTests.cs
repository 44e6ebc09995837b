using System.Diagnostics;
using Dapper;
using OrderPipeline.Bench.Pipeline.Load;
using Xunit.Abstractions;

namespace OrderPipeline.Integration.Tests.Faults;

/// <summary>
/// The fault suite: a steady load on the whole pipeline, one fault at a time a third of the way in, then: every 202 reaches
/// exactly one final state, stock sold plus left equals the start, every shopper notice and seller webhook reaches the receiver
/// under one idempotency key, the only dead letters are the ones the fault must produce, and replaying them completes the orders.
/// Short in .ci/run; in full (the outages as long as the issue says, more load) by one command (README, "Testing"):
/// <c>OP_FAULTS=full OP_FAULTS_REPORT=docs/faults.md script/test --filter FullyQualifiedName~FaultSuiteTests</c>.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultSuiteTests(FaultPipeline pipeline, ITestOutputHelper output)
{
    static readonly string[] Final = ["Confirmed", "Rejected"];

    public static TheoryData<string> Faults => new(Fault.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task After_the_fault_every_order_ends_once_stock_balances_and_every_notice_arrives_once(string name)
    {
        var fault = Fault.All.Single(f => f.Name == name);
        var (rate, seconds) = Fault.Full ? (40, 30) : (25, 12);
        var runId = $"f{Guid.NewGuid():N}"[..10];
        var bodies = new OrderBodies(runId);
        var (stock, _, _) = await pipeline.SeedAsync(bodies, runId, rate * seconds);
        if (fault.Before is { } before)
        {
            await before(pipeline);
        }

        var started = DateTimeOffset.UtcNow;
        var load = OpenLoad.RunAsync(pipeline.ApiAddress, bodies, 16, [new Phase("steady", seconds, rate)]);
        await Task.Delay(TimeSpan.FromSeconds(seconds / 3.0));
        await fault.InjectAsync(pipeline, Fault.Full);
        var result = await load;
        // Recovery counts from when both the fault and the load are over: before that the pipeline cannot have caught up.
        var faultAndLoadOver = Stopwatch.StartNew();
        var accepted = result.AcceptedOrderIds.Distinct(StringComparer.Ordinal).ToArray();
        // Without a 202 the order may still be queued: no answer at all, or a 503 whose publish confirm never came (the broker can
        // persist a message and lose the connection before confirming it). A retry with the same Idempotency-Key names that order.
        var unanswered = result.Outcomes.Count(o => o.Status is 0 or 503);

        // Settled: every accepted order decided, and each of its notices sent or in the dead-letter table.
        try
        {
            await Eventually.TrueAsync(() => SettledAsync(accepted, started), TimeSpan.FromSeconds(180), $"{name}: the pipeline to settle");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await DiagnoseAsync(accepted)}\n{Hosts()}", e);
        }
        var recovered = faultAndLoadOver.Elapsed;
        var deadLetters = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE moved_at >= @started", new { started });
        var deadLetterQueues = await pipeline.Database.ScalarAsync<string>(
            "SELECT coalesce(string_agg(DISTINCT queue, ','), '') FROM dead_letters WHERE moved_at >= @started", new { started });
        var replayed = await pipeline.ReplayDeadLettersAsync(started);
        await Eventually.TrueAsync(async () => (await MissingNoticesAsync(accepted)).Count == 0, TimeSpan.FromSeconds(120),
            $"{name}: every notice after the replay\n{Hosts()}");

        var emails = Arrivals("/messages");
        var report = await pipeline.Verifier.VerifyAsync(result.AcceptedOrderIds.ToList(), stock,
            emails.ToDictionary(e => e.Key, _ => 1, StringComparer.Ordinal), unanswered);
        // Only this run's orders: the receiver keeps what earlier faults sent.
        var ours = accepted.ToHashSet(StringComparer.Ordinal);
        var resends = emails.Concat(Arrivals("/webhooks/")).Where(a => ours.Contains(a.Key[..a.Key.IndexOf(':', StringComparison.Ordinal)])).Sum(a => a.Value - 1);
        var row = $"| {name} | {accepted.Length:N0} | {unanswered} ({report.Unannounced} queued anyway) | {report.Missing.Count + report.NotFinal.Count + report.NoticesMissing.Count} | " +
                  $"{report.DuplicateAccepted + report.StockMismatches.Count} | {resends} | {deadLetters} ({(deadLetterQueues.Length == 0 ? "none" : deadLetterQueues)}), {replayed} replayed | " +
                  $"{recovered.TotalSeconds:0.0} s | {(report.Ok ? "ok" : "FAILED")} |";
        output.WriteLine(row);
        output.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("OP_FAULTS_REPORT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, file), row + Environment.NewLine);
        }

        Assert.True(report.Ok, report.ToString());
        Assert.All(deadLetterQueues.Split(',', StringSplitOptions.RemoveEmptyEntries), queue => Assert.Contains(queue, fault.DeadLetterQueues));
    }

    /// <summary>Where the orders that did not settle are: their status and their notifications.</summary>
    async Task<string> DiagnoseAsync(string[] accepted)
    {
        var missing = (await MissingNoticesAsync(accepted)).Take(5).ToArray();
        var notFinal = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = ANY(@accepted) AND status <> ALL(@final)", new { accepted, final = Final });
        var absent = accepted.Length - await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = ANY(@accepted)", new { accepted });
        var notices = await pipeline.Database.ScalarAsync<string>(
            "SELECT coalesce(string_agg(order_id || ' ' || channel || ' ' || status, '; '), '') FROM notifications WHERE order_id = ANY(@missing)", new { missing });
        var queues = string.Join(", ", await Task.WhenAll(OrderPipeline.Hosting.Messaging.PipelineQueues.Work.Select(async q => $"{q.Name} {await pipeline.Vhost.ReadyAsync(q.Name)}")));
        var deadLetters = await pipeline.Database.ScalarAsync<long>("SELECT count(DISTINCT order_id) FROM dead_letters WHERE order_id = ANY(@accepted)", new { accepted });
        return $"orders absent {absent}, not final {notFinal}, dead-lettered {deadLetters}; e.g. missing notices of {string.Join(", ", missing)}: {notices}; " +
               $"ready: {queues}; every non-empty queue (ready/unacked, seconds old): {await ManagementApi.NonEmptyQueuesAsync(pipeline.Vhost.Name)}";
    }

    /// <summary>Every accepted order final, and each notice it is owed either at the receiver or dead-lettered.</summary>
    async Task<bool> SettledAsync(string[] accepted, DateTimeOffset since)
    {
        var final = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = ANY(@accepted) AND status = ANY(@final)", new { accepted, final = Final });
        if (final < accepted.Length)
        {
            return false;
        }

        var missing = await MissingNoticesAsync(accepted);
        if (missing.Count == 0)
        {
            return true;
        }

        var dead = await pipeline.Database.ScalarAsync<long>("SELECT count(DISTINCT order_id) FROM dead_letters WHERE order_id = ANY(@p1) AND moved_at >= @since",
            new { p1 = missing.ToArray(), since });
        return dead == missing.Count;
    }

    /// <summary>Orders owed a shopper e-mail or a seller webhook (a confirmed order) that has not arrived with a 2xx.</summary>
    async Task<HashSet<string>> MissingNoticesAsync(string[] accepted)
    {
        var emails = Arrivals("/messages");
        var webhooks = Arrivals("/webhooks/");
        var missing = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = pipeline.Database.DataSource.CreateConnection();
        foreach (var (orderId, status) in await connection.QueryAsync<(string, string)>("SELECT order_id, status FROM orders WHERE order_id = ANY(@accepted)", new { accepted }))
        {
            var kind = status == "Rejected" ? "OrderRejected" : "OrderConfirmed";
            if (!emails.ContainsKey($"{orderId}:{kind}:email") || (status != "Rejected" && !webhooks.ContainsKey($"{orderId}:NewOrder:webhook")))
            {
                missing.Add(orderId);
            }
        }

        return missing;
    }

    /// <summary>2xx arrivals at the receiver by idempotency key, on paths starting with <paramref name="path"/>.</summary>
    Dictionary<string, int> Arrivals(string path) => pipeline.Providers.Received
        .Where(r => r.Status is >= 200 and < 300 && r.Path.StartsWith(path, StringComparison.Ordinal))
        .GroupBy(r => r.IdempotencyKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    string Hosts() => string.Join("\n", FaultPipeline.Projects.SelectMany(pipeline.Hosts).Select(h => h.Output));
}
