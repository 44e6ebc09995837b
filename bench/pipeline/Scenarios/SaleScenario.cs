using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OrderPipeline.Bench.Pipeline.Hosts;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Report;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>
/// Scenario 5 (issue 17): ordinary orders at a modest rate, first alone (the baseline, same run), then while a sale product is
/// flooded at <c>factor</c> times its admission pace. Reports ordinary orders' POST→decided during the flood against the baseline
/// (target ≤ 1.5×), the sale's admitted rate against its pace, the intake's latency, and how fast sold-out answers are (target
/// p99 &lt; 5 ms). The sale's line is then decided unpaced, and every order verified.
/// </summary>
public static class SaleScenario
{
    public static async Task<bool> RunAsync(BenchSettings settings, double ordinaryRate, double admission, double factor, TimeSpan length, int connections)
    {
        var table = new ResultTable("sale", string.Create(CultureInfo.InvariantCulture,
                $"Flash sale: ordinary orders at {ordinaryRate:N0}/s, alone and while a sale paced at {admission:N0}/s is flooded at {admission * factor:N0}/s ({length.TotalSeconds:0} s each)"),
            "phase", "lane", "rate /s", "202", "other answers", "POST→answer p50 / p99 / max ms", "POST→decided p50 / p99 / max ms",
            "202→decided p50 / p99 / max ms");
        await using var pipeline = await BenchPipeline.StartAsync(settings);
        var warm = await RunCheck.WarmUpAsync(pipeline, ordinaryRate, RunCheck.WarmUp, connections);
        var run = $"sale-{DateTime.UtcNow:HHmmss}";
        using var sellers = new HttpClient { BaseAddress = pipeline.Api.BaseAddress };
        sellers.DefaultRequestHeaders.Add("X-Api-Key", "dev-admin-key");

        // Baseline: the ordinary lane alone.
        var ordinary = new OrderBodies(run + "-o");
        var floodCount = (long)(admission * factor * length.TotalSeconds);
        var stock = new Dictionary<string, int>(await pipeline.SeedProductsAsync(ordinary, (long)(2 * ordinaryRate * length.TotalSeconds)), StringComparer.Ordinal);
        Console.WriteLine($"baseline: ordinary orders at {ordinaryRate:N0}/s for {length.TotalSeconds:0} s");
        var alone = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, ordinary, connections, [new Phase("alone", length.TotalSeconds, ordinaryRate)]);
        await RunCheck.WaitForNoticesAsync(pipeline, alone.Accepted, TimeSpan.FromMinutes(5));
        var (aloneDecided, _) = await RunCheck.EndToEndAsync(pipeline, alone);
        var aloneBehind = await AnsweredToDecidedAsync(pipeline, alone);
        table.Add("alone", "orders", ordinaryRate, alone.Accepted, alone.Failed, alone.LatencyOf(_ => true).ToString(), aloneDecided.ToString(), aloneBehind.ToString());

        // The sale: one product, plenty of stock, paced; flooded at factor × the pace while the ordinary orders go on.
        var saleBodies = new OrderBodies(run + "-s", products: 1);
        var saleProduct = saleBodies.Products[0];
        stock[saleProduct] = await PutProductAsync(sellers, saleProduct, (int)Math.Min(int.MaxValue / 2, floodCount * 3 + 1000));
        await PutSaleAsync(sellers, run, [saleProduct], (int)admission);
        Console.WriteLine($"flood: sale at {admission * factor:N0}/s (pace {admission:N0}/s) and ordinary orders at {ordinaryRate:N0}/s for {length.TotalSeconds:0} s");
        var stats = ProcessStats.Start(pipeline.Processes);
        var floodStarted = DateTimeOffset.UtcNow;
        var flooding = OpenLoad.RunAsync(pipeline.Api.BaseAddress, saleBodies, connections, [new Phase("flood", length.TotalSeconds, admission * factor)]);
        var during = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, ordinary, connections, [new Phase("during", length.TotalSeconds, ordinaryRate)]);
        var flood = await flooding;
        var floodEnded = DateTimeOffset.UtcNow;
        var usage = await stats.StopAsync();
        var admitted = await AdmittedRateAsync(pipeline, run, floodStarted.AddSeconds(2), floodEnded);
        var waiting = (int)(flood.Accepted - await DecidedAsync(pipeline, run));

        // Every ordinary order of the flood phase is decided by now or soon; the sale's line is then let through unpaced.
        await RunCheck.WaitForNoticesAsync(pipeline, alone.Accepted + during.Accepted + (flood.Accepted - waiting), TimeSpan.FromMinutes(2));
        var (duringDecided, _) = await RunCheck.EndToEndAsync(pipeline, during);
        var (floodDecided, _) = await RunCheck.EndToEndAsync(pipeline, flood);
        var duringBehind = await AnsweredToDecidedAsync(pipeline, during);
        table.Add("during the flood", "orders", ordinaryRate, during.Accepted, during.Failed, during.LatencyOf(_ => true).ToString(), duringDecided.ToString(),
            duringBehind.ToString());
        table.Add("during the flood", "sale (paced)", admission * factor, flood.Accepted, flood.Failed, flood.LatencyOf(_ => true).ToString(),
            floodDecided.ToString() + " (decided so far)", "-");

        // Sold out: a second sale whose product has no stock; once the door knows, every order is a 409 at once.
        var soldOutBodies = new OrderBodies(run + "-x", products: 1);
        stock[soldOutBodies.Products[0]] = await PutProductAsync(sellers, soldOutBodies.Products[0], 0);
        await PutSaleAsync(sellers, run + "-x", [soldOutBodies.Products[0]], null);
        var beforeClosed = await WaitUntilSoldOutAsync(pipeline, soldOutBodies);
        var soldOutRate = Math.Max(500, ordinaryRate * 2);
        // The same run's floor for an answer at the door: the same body for a product nobody sells, refused 400 at validation.
        var unknown = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, new OrderBodies(run + "-unknown", products: 1), connections,
            [new Phase("refused at validation", 5, soldOutRate)]);
        var floor = Latencies.FromTicks(unknown.Outcomes.Where(o => o.Status == 400).Select(o => o.LatencyTicks));
        table.Add("floor: unknown product", "refused at validation", soldOutRate, unknown.Accepted, unknown.Outcomes.Count(o => o.Status == 400) + " × 400",
            floor.ToString(), "-", "-");
        var soldOut = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, soldOutBodies, connections, [new Phase("sold out", 5, soldOutRate)]);
        var answers = Latencies.FromTicks(soldOut.Outcomes.Where(o => o.Status == 409).Select(o => o.LatencyTicks));
        table.Add("sold out", "refused at the door", soldOutRate, soldOut.Accepted, soldOut.Outcomes.Count(o => o.Status == 409) + " × 409", answers.ToString(), "-", "-");

        // The rest of the line, unpaced, then everything verified.
        await PatchSaleAsync(sellers, run, null);
        var (tail, _) = await RunCheck.WaitForNoticesAsync(pipeline, alone.Accepted + during.Accepted + flood.Accepted + soldOut.Accepted + beforeClosed,
            TimeSpan.FromMinutes(10));
        var report = await RunCheck.VerifyAsync(pipeline, [alone, during, flood], stock);

        var ratio = duringDecided.P99 / aloneDecided.P99;
        var intake = Latencies.FromTicks(flood.Outcomes.Concat(during.Outcomes).Where(o => o.Status == 202).Select(o => o.LatencyTicks));
        table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Ordinary orders' p99 POST→decided: {aloneDecided.P99:0.0} ms alone, {duringDecided.P99:0.0} ms during the flood: **{ratio:0.00}×** (target ≤ 1.5×: {(ratio <= 1.5 ? "met" : "not met")})."));
        table.Note(string.Create(CultureInfo.InvariantCulture,
            $"The worker's part only (from the 202 to the decision): p99 {aloneBehind.P99:0.0} ms alone, {duringBehind.P99:0.0} ms during the flood ({duringBehind.P99 / aloneBehind.P99:0.00}×)."));
        table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Sale admitted at **{admitted:0.0}/s** against a pace of {admission:N0}/s ({admitted / admission:0.00}×), measured on the decision times from 2 s into the flood to its end; {waiting:N0} orders still in line when the flood ended."));
        table.Note(string.Create(CultureInfo.InvariantCulture, $"Intake during the flood (both lanes, 202s): p50 / p99 / max {intake}."));
        table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Sold-out answers: p99 **{answers.P99:0.00} ms** (target < 5 ms: {(answers.P99 < 5 ? "met" : "not met")}), {soldOut.Accepted} accepted after the door closed; the floor (a 400 at validation, same rate, just before): p99 {floor.P99:0.00} ms."));
        table.Note(tail is null ? "Not every notice arrived within 10 min." : $"The rest of the line (unpaced) and its notices done {tail.Value.TotalSeconds:0.0} s after the pace was lifted.");
        table.Usage(usage, "the flood phase");
        table.Note($"Verification: {report}");
        table.Note($"Open model, up to {connections} connections per load; latencies from each order's due time. Warm-up {RunCheck.WarmUp.TotalSeconds:0} s at {ordinaryRate:N0}/s first.");
        table.Publish(settings.Root, string.Create(CultureInfo.InvariantCulture,
            $"bench/pipeline/run.sh sale --rate {ordinaryRate} --admission {admission} --factor {factor} --seconds {length.TotalSeconds}"));
        return warm && report.Ok && tail is not null;
    }

    /// <summary>From each order's 202 to its decision (the order row's <c>created_at</c>): the workers' part, without the intake's.</summary>
    static async Task<Latencies> AnsweredToDecidedAsync(BenchPipeline pipeline, LoadResult run)
    {
        var answered = run.Outcomes.Where(o => o.Status == 202 && o.OrderId is not null)
            .ToDictionary(o => o.OrderId!, o => run.DueAt(o) + TimeSpan.FromTicks(o.LatencyTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency), StringComparer.Ordinal);
        await using var command = pipeline.Database.CreateCommand("SELECT order_id, created_at FROM orders WHERE order_id = ANY($1)");
        command.Parameters.AddWithValue(answered.Keys.ToArray());
        var behind = new List<double>(answered.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            behind.Add((reader.GetFieldValue<DateTimeOffset>(1) - answered[reader.GetString(0)]).TotalMilliseconds);
        }

        return Latencies.FromMilliseconds(behind);
    }

    static async Task<int> PutProductAsync(HttpClient sellers, string product, int stock)
    {
        using var response = await sellers.PutAsJsonAsync($"/sellers/{OrderBodies.Seller}/products/{product}",
            new { name = $"Bench {product}", unitPrice = 1000m, currency = "KRW", stock });
        response.EnsureSuccessStatusCode();
        return stock;
    }

    static async Task PutSaleAsync(HttpClient sellers, string sale, string[] products, int? admission)
    {
        using var response = await sellers.PutAsJsonAsync($"/sellers/{OrderBodies.Seller}/sales/{sale}", new
        {
            productIds = products, startsAt = DateTimeOffset.UtcNow.AddSeconds(-1), endsAt = DateTimeOffset.UtcNow.AddHours(1),
            expectedPeakPerSecond = 10_000, admissionPerSecond = admission,
        });
        response.EnsureSuccessStatusCode();
    }

    static async Task PatchSaleAsync(HttpClient sellers, string sale, int? admission)
    {
        using var response = await sellers.PatchAsJsonAsync($"/sellers/{OrderBodies.Seller}/sales/{sale}", new { admissionPerSecond = admission });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts until the door answers 409; returns how many were accepted before it did (each gets a rejection notice).</summary>
    static async Task<int> WaitUntilSoldOutAsync(BenchPipeline pipeline, OrderBodies bodies)
    {
        using var http = new HttpClient { BaseAddress = pipeline.Api.BaseAddress };
        var deadline = Stopwatch.StartNew();
        var accepted = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var content = new ReadOnlyMemoryContent(bodies.Body(0));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/orders", content);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                return accepted;
            }

            accepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            await Task.Delay(50);
        }

        throw new InvalidOperationException("The door never closed on the sold-out product.");
    }

    /// <summary>Sale orders decided per second between two instants (from the order rows' decision times).</summary>
    static async Task<double> AdmittedRateAsync(BenchPipeline pipeline, string sale, DateTimeOffset from, DateTimeOffset to)
    {
        await using var command = pipeline.Database.CreateCommand("SELECT count(*) FROM orders WHERE sale_id = $1 AND created_at >= $2 AND created_at < $3");
        command.Parameters.AddWithValue(sale);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        return (long)(await command.ExecuteScalarAsync())! / (to - from).TotalSeconds;
    }

    static async Task<long> DecidedAsync(BenchPipeline pipeline, string sale)
    {
        await using var command = pipeline.Database.CreateCommand("SELECT count(*) FROM orders WHERE sale_id = $1");
        command.Parameters.AddWithValue(sale);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
