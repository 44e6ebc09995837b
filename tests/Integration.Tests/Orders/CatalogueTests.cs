using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Orders;

[Collection(PipelineCollection.Name)]
public sealed class CatalogueTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_product_saved_on_one_intake_instance_is_orderable_on_another_within_seconds()
    {
        var second = await pipeline.StartHostAsync("Intake.Api");
        using var secondHttp = new HttpClient { BaseAddress = second.BaseAddress };
        var product = OrderApi.Unique("fresh");

        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 5);

        // No reload is due for 30 s: only the ProductChanged event can make the second instance know the product.
        var orderId = await Eventually.GetAsync(async () =>
        {
            using var response = await OrderApi.PostAsync(secondHttp, OrderApi.Order(OrderApi.Unique("cust"), product, 1));
            return response.StatusCode == System.Net.HttpStatusCode.Accepted
                ? (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("orderId").GetString()
                : null;
        }, id => id is not null, TimeSpan.FromSeconds(5), "the second instance to accept the new product");

        var order = await OrderApi.WaitForStatusAsync(pipeline.Http, orderId!, "Confirmed", "Rejected");
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_business_worker_rejects_an_unknown_product_that_a_stale_cache_let_through()
    {
        var receipts = new Intake.Orders.OrderReceipts(TestEnvironment.ReceiptKey);
        var orderId = receipts.New();
        await pipeline.PublishAsync(new SubmitOrder
        {
            OrderId = orderId, CustomerId = "stale", SellerId = "gone-seller",
            Items = [new OrderLine { ProductId = OrderApi.Unique("deleted"), Quantity = 1 }],
            Contact = new ContactInfo { Email = "stale@example.com" }, RequestHash = "h", AcceptedAt = DateTimeOffset.UtcNow,
        });

        var order = await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed", "Rejected");
        Assert.Equal("Rejected", order.GetProperty("status").GetString());
        Assert.Equal("UnknownProduct", order.GetProperty("rejectionReason").GetString());
        await Eventually.TrueAsync(() => Task.FromResult(pipeline.Providers.ForOrder(orderId).Count == 1), TimeSpan.FromSeconds(30),
            "the shopper's rejection notice");
        Assert.Contains("no longer sold", pipeline.Providers.ForOrder(orderId)[0].Json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
