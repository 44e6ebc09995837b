using System.Net;
using System.Text.Json;
using OrderPipeline.Integration.Tests.Infrastructure;
using Xunit;

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
        Assert.Equal(5, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = $1", product));
    }
}
