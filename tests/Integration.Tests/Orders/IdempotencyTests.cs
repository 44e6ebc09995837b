using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Orders;

[Collection(PipelineCollection.Name)]
public sealed class IdempotencyTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Same_key_and_body_return_the_same_order_and_create_it_once()
    {
        var product = OrderApi.Unique("pear");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 700m, stock: 10);
        var order = OrderApi.Order(OrderApi.Unique("cust"), product, 2);
        var key = Guid.NewGuid().ToString();

        var first = await OrderApi.SubmitAsync(pipeline.Http, order, key);
        var second = await OrderApi.SubmitAsync(pipeline.Http, order, key);

        Assert.Equal(first, second);
        await OrderApi.WaitForStatusAsync(pipeline.Http, first, "Confirmed");
        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = @first", new { first }));
        Assert.Equal(8, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }

    [Fact]
    public async Task Same_key_with_another_body_is_refused_by_the_instance_and_publishes_nothing()
    {
        var product = OrderApi.Unique("plum");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 700m, stock: 10);
        var customer = OrderApi.Unique("cust");
        var key = Guid.NewGuid().ToString();
        await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(customer, product, 1), key);
        var before = await pipeline.PublishedOrdersAsync();

        using var response = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(customer, product, 5), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await pipeline.PublishedOrdersAsync());
    }

    [Fact]
    public async Task A_message_delivered_twice_has_one_effect_and_a_reused_key_elsewhere_is_an_IdempotencyConflict()
    {
        var product = OrderApi.Unique("kiwi");
        var seller = OrderApi.Unique("grower");
        await pipeline.PutProductAsync(seller, product, 300m, stock: 10);
        var receipts = new Intake.Orders.OrderReceipts(TestEnvironment.ReceiptKey);
        var message = new SubmitOrder
        {
            OrderId = receipts.ForIdempotencyKey("cust-dup", Guid.NewGuid().ToString()),
            CustomerId = "cust-dup",
            SellerId = seller,
            Items = [new OrderLine { ProductId = product, Quantity = 4 }],
            Contact = new ContactInfo { Email = "dup@example.com" },
            RequestHash = new string('a', 64),
            AcceptedAt = DateTimeOffset.UtcNow,
        };

        await pipeline.PublishAsync(message, message,
            message with { RequestHash = new string('b', 64), Items = [new OrderLine { ProductId = product, Quantity = 1 }] });

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM submission_conflicts WHERE order_id = @orderId", new { orderId = message.OrderId }) == 1, TimeSpan.FromSeconds(30), "the conflict to be recorded");
        await Eventually.TrueAsync(() => Task.FromResult(pipeline.Providers.ForOrder(message.OrderId).Count >= 1), TimeSpan.FromSeconds(30), "the notice");
        // The e-mail, once; no webhook (the seller has none, so none was even published).
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE order_id = @orderId AND channel = 'email' AND status = 'Sent'", new { orderId = message.OrderId }) == 1,
            TimeSpan.FromSeconds(30), "the e-mail recorded");
        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE order_id = @orderId", new { orderId = message.OrderId }));

        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = @orderId", new { orderId = message.OrderId }));
        Assert.Equal(6, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
        Assert.Equal(4, await pipeline.Database.ScalarAsync<int>("SELECT quantity FROM order_items WHERE order_id = @orderId", new { orderId = message.OrderId }));
        Assert.Single(pipeline.Providers.ForOrder(message.OrderId));
    }
}
