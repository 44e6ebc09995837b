using Dapper;
using Npgsql;
using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Verification;

namespace OrderPipeline.Integration.Tests.Bench;

/// <summary>
/// The benchmark's verification step (bench/pipeline) at small scale on the real pipeline: its open-model load sends 200
/// orders, the verifier finds every 202 decided once, stock balanced and one notice per order; and each kind of damage it
/// exists to catch makes it fail.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BenchVerificationTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_small_benchmark_run_verifies_and_every_kind_of_damage_is_caught()
    {
        var bodies = new OrderBodies(Orders.OrderApi.Unique("bv"), products: 5, variants: 101);
        foreach (var product in bodies.Products)
        {
            await pipeline.PutProductAsync(OrderBodies.Seller, product, 1000m, bodies.StockFor(product, 200));
        }

        var stock = await StockAsync(bodies.Products);
        var result = await OpenLoad.RunAsync(pipeline.Api.BaseAddress, bodies, 16, [new Phase("test", 2, 100)]);
        Assert.Equal(200, result.Outcomes.Count);
        Assert.Equal(200, result.Accepted);
        var accepted = result.AcceptedOrderIds.ToArray();
        var notices = await Eventually.GetAsync(() => Task.FromResult(NoticeCounts(accepted)), n => n.Count >= accepted.Length,
            TimeSpan.FromSeconds(60), "a notice for each of the 200 orders");

        await using var database = NpgsqlDataSource.Create(pipeline.Database.ConnectionString);
        var verifier = new RunVerifier(database);
        var report = await verifier.VerifyAsync(accepted, stock, notices, unanswered: 0);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(200, report.Confirmed + report.Rejected);
        Assert.True(report.Rejected > 0, $"the scarce product should reject some orders: {report}");
        Assert.True(report.Confirmed > 150, report.ToString());
        Assert.Equal(200, report.NoticesOnce);

        // A 202 whose order never arrived.
        var lost = await verifier.VerifyAsync([.. accepted, "never-decided"], stock, notices, 0);
        Assert.Equal(["never-decided"], lost.Missing);
        Assert.False(lost.Ok);

        // The same order id answered twice.
        Assert.Equal(1, (await verifier.VerifyAsync([.. accepted, accepted[0]], stock, notices, 0)).DuplicateAccepted);

        // An order the load never got a 202 for: fails, unless a request went unanswered (its order may exist).
        var unannounced = await verifier.VerifyAsync(accepted[1..], stock, notices, 0);
        Assert.Equal(1, unannounced.Unannounced);
        Assert.False(unannounced.Ok);
        Assert.True((await verifier.VerifyAsync(accepted[1..], stock, notices, 1)).Ok);

        // Stock that does not balance (as if a unit had been sold twice or not taken).
        var wrongStock = new Dictionary<string, int>(stock) { [bodies.Products[0]] = stock[bodies.Products[0]] + 1 };
        var unbalanced = await verifier.VerifyAsync(accepted, wrongStock, notices, 0);
        Assert.Single(unbalanced.StockMismatches);
        Assert.False(unbalanced.Ok);

        // A notice delivered twice, one never delivered, one of the wrong kind.
        var key = notices.Keys.First();
        var orderOfKey = key.Split(':')[0];
        var twice = new Dictionary<string, int>(notices) { [key] = 2 };
        Assert.Equal([$"{orderOfKey} x2"], (await verifier.VerifyAsync(accepted, stock, twice, 0)).NoticesDuplicated);
        var missing = new Dictionary<string, int>(notices);
        missing.Remove(key);
        Assert.Equal([orderOfKey], (await verifier.VerifyAsync(accepted, stock, missing, 0)).NoticesMissing);
        var other = key.Contains(":OrderConfirmed:", StringComparison.Ordinal)
            ? key.Replace(":OrderConfirmed:", ":OrderRejected:", StringComparison.Ordinal)
            : key.Replace(":OrderRejected:", ":OrderConfirmed:", StringComparison.Ordinal);
        var wrongKind = new Dictionary<string, int>(notices) { [other] = 1 };
        Assert.Equal([orderOfKey], (await verifier.VerifyAsync(accepted, stock, wrongKind, 0)).NoticesWrong);

        // An order left undecided.
        var status = await pipeline.Database.ScalarAsync<string>("SELECT status FROM orders WHERE order_id = @p1", new { p1 = accepted[0] });
        await pipeline.Database.ExecuteAsync("UPDATE orders SET status = 'Accepted' WHERE order_id = @p1", new { p1 = accepted[0] });
        try
        {
            Assert.Equal([accepted[0]], (await verifier.VerifyAsync(accepted, stock, notices, 0)).NotFinal);
        }
        finally
        {
            await pipeline.Database.ExecuteAsync("UPDATE orders SET status = @status WHERE order_id = @p1", new { p1 = accepted[0], status });
        }
    }

    Dictionary<string, int> NoticeCounts(IEnumerable<string> orderIds)
    {
        var ids = orderIds.ToHashSet(StringComparer.Ordinal);
        return pipeline.Providers.Received
            .Where(r => r.Path.StartsWith("/messages", StringComparison.Ordinal) && r.Status == 200 && ids.Contains(r.IdempotencyKey.Split(':')[0]))
            .GroupBy(r => r.IdempotencyKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    async Task<Dictionary<string, int>> StockAsync(IReadOnlyList<string> products)
    {
        await using var connection = pipeline.Database.DataSource.CreateConnection();
        return (await connection.QueryAsync<(string ProductId, int Stock)>("SELECT product_id, stock FROM products WHERE product_id = ANY(@products)",
                new { products = products.ToArray() }))
            .ToDictionary(p => p.ProductId, p => p.Stock, StringComparer.Ordinal);
    }
}
