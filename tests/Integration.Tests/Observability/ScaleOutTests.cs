using System.Globalization;
using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Observability;

/// <summary>
/// Two business workers on one quorum queue: both decide orders (each one's <c>/metrics</c> counts its own), no order is decided
/// twice, and the stock balances. Each worker's Prometheus endpoint is what this reads.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ScaleOutTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Two_business_workers_share_the_orders_queue_with_no_double_effect_and_the_stock_balances()
    {
        await using var vhost = await TestVhost.CreateAsync();
        var env = new Dictionary<string, string> { ["RabbitMq__VirtualHost"] = vhost.Name };
        var seller = OrderApi.Unique("scale-seller");
        var product = OrderApi.Unique("scale-p");
        const int Stock = 40, Orders = 60;
        await pipeline.PutProductAsync(seller, product, 500m, stock: Stock);
        await using var first = await pipeline.StartHostAsync("Workers.Business", env);
        await using var second = await pipeline.StartHostAsync("Workers.Business", env);
        await Eventually.TrueAsync(async () => (await ManagementApi.QueueAsync(vhost.Name, "orders")).TryGetProperty("consumers", out var c) && c.GetInt32() == 2,
            TimeSpan.FromSeconds(30), "both workers consuming from orders");

        // Every order twice (a redelivery, a replay, a client's retry): the orders, then their copies in reverse, all at once. The
        // broker deals them out to both workers in turn, so each decides orders and meets copies of orders the other decided (the
        // last orders' copies at the same moment as their originals); a copy must find the order decided, not take stock again.
        var orders = Enumerable.Range(0, Orders).Select(i => new SubmitOrder
        {
            OrderId = OrderApi.Unique("scale-o"), CustomerId = OrderApi.Unique("scale-c"), SellerId = seller,
            Items = [new OrderLine { ProductId = product, Quantity = 1 }], Contact = new ContactInfo { Email = "scale@example.com" },
            RequestHash = $"scale-hash-{i}", AcceptedAt = DateTimeOffset.UtcNow,
        }).ToList();
        var submitted = orders.Select(o => o.OrderId).ToArray();
        await pipeline.PublishToAsync(vhost.Name, orders.Concat(Enumerable.Reverse(orders)).ToArray());

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE order_id = ANY(@submitted) AND status IN ('Confirmed', 'Rejected')", new { submitted }) == Orders,
            TimeSpan.FromSeconds(60), "every order decided");
        Assert.Equal(Stock, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE order_id = ANY(@submitted) AND status = 'Confirmed'", new { submitted }));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
        Assert.Equal(Orders - Stock, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE order_id = ANY(@submitted) AND status = 'Rejected' AND rejection_reason = 'OutOfStock'", new { submitted }));

        // Both took part, and together decided each order once (the copies found their order decided: duplicates, not decisions).
        var decided = await Task.WhenAll(new[] { first, second }.Select(DecidedAsync));
        Assert.All(decided, d => Assert.True(d > 0, $"each worker decided some: {string.Join(", ", decided)}"));
        Assert.Equal(Orders, decided.Sum());
    }

    /// <summary>The worker's own count of decided orders, from its Prometheus endpoint.</summary>
    static async Task<long> DecidedAsync(HostProcess worker)
    {
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n').Where(l => l.StartsWith("orderpipeline_business_orders_decided_total{", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
