namespace OrderPipeline.Integration.Tests.Orders;

[Collection(PipelineCollection.Name)]
public sealed class BrokerOutageTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Unreachable_broker_gets_503_with_Retry_After_and_nothing_is_accepted()
    {
        var product = OrderApi.Unique("fig");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 5);
        // A second intake instance whose broker address leads nowhere; its database (and catalogue) are fine.
        var cutOff = await pipeline.StartHostAsync("Intake.Api",
            new Dictionary<string, string> { ["RabbitMq__Port"] = TestEnvironment.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            waitUntilReady: false);
        using var http = new HttpClient { BaseAddress = cutOff.BaseAddress };
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                // Not ready as a whole (the bus is down), so read the body whatever the status.
                using var response = await http.GetAsync("/health/ready");
                var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return ready.GetProperty("checks").GetProperty("catalogue").GetProperty("status").GetString() == "Healthy";
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the cut-off instance to load its catalogue");
        var before = await pipeline.PublishedOrdersAsync();

        using var response = await OrderApi.PostAsync(http, OrderApi.Order(OrderApi.Unique("cust"), product, 1), Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await pipeline.PublishedOrdersAsync());
        Assert.Equal(5, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }

    [Fact]
    public async Task On_a_fresh_broker_the_intake_queues_orders_before_any_business_worker_has_started()
    {
        var product = OrderApi.Unique("kiwi");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 300m, stock: 5);
        await using var fresh = await TestVhost.CreateAsync();
        var vhost = new Dictionary<string, string> { ["RabbitMq__VirtualHost"] = fresh.Name };
        await using var intake = await pipeline.StartHostAsync("Intake.Api", vhost);
        using var http = new HttpClient { BaseAddress = intake.BaseAddress };

        var orderId = await OrderApi.SubmitAsync(http, OrderApi.Order(OrderApi.Unique("cust"), product, 2), Guid.NewGuid().ToString());

        // Nothing has consumed it yet: it waits, durably, in the orders queue the intake declared.
        await using (var connection = await fresh.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            Assert.Equal(1u, (await channel.QueueDeclarePassiveAsync("orders")).MessageCount);
        }

        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = @orderId", new { orderId }));

        await using var business = await pipeline.StartHostAsync("Workers.Business", vhost);
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>("SELECT status FROM orders WHERE order_id = @orderId", new { orderId }) == "Confirmed",
            TimeSpan.FromSeconds(60), "the order decided once a business worker starts");
        Assert.Equal(3, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }
}
