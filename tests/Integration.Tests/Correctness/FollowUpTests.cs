using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Correctness;

[Collection(PipelineCollection.Name)]
public sealed class FollowUpTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_delayed_order_whose_message_comes_again_is_confirmed_again_and_its_shopper_told_nothing_new()
    {
        var product = OrderApi.Unique("corn");
        var seller = OrderApi.Unique("farm");
        await pipeline.PutProductAsync(seller, product, 5000m, 10);
        var customer = OrderApi.Unique("kim");
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(customer, product, 1, email: "kim@example.com"));
        await pipeline.AssertEmailSentOnceAsync(orderId);
        await pipeline.Database.ExecuteAsync("UPDATE orders SET status = 'Delayed', ship_date = '2026-12-24', delay_reason = 'Rain' WHERE order_id = @orderId", new { orderId });
        await using var emails = await ExchangeSpy.OnAsync(pipeline.Rabbit, nameof(ShopperEmails));

        // The same order's message again, as a redelivery, a replay or a late retry with its Idempotency-Key would bring it.
        await pipeline.PublishAsync(new SubmitOrder
        {
            OrderId = orderId, CustomerId = customer, SellerId = seller, Items = [new OrderLine { ProductId = product, Quantity = 1 }],
            Contact = new ContactInfo { Email = "kim@example.com" },
            RequestHash = await pipeline.Database.ScalarAsync<string>("SELECT request_hash FROM orders WHERE order_id = @orderId", new { orderId }),
            AcceptedAt = DateTimeOffset.UtcNow,
        });

        var again = await Eventually.GetAsync(() => emails.ForOrderAsync(orderId), m => m.Count == 1, TimeSpan.FromSeconds(30), "the follow-up published again");
        Assert.Equal(NoticeKinds.OrderConfirmed, again[0].GetProperty("kind").GetString());
        Assert.Equal(5000m, decimal.Parse(again[0].GetProperty("total").ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Delayed", await pipeline.Database.ScalarAsync<string>("SELECT status FROM orders WHERE order_id = @orderId", new { orderId }));
        Assert.Equal(9, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));

        // The e-mail channel saw it as the confirmation it already sent: one notice, never a "not accepted".
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE order_id = @orderId", new { orderId }) >= 1, TimeSpan.FromSeconds(5), "the ledger");
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE order_id = @orderId AND kind = 'OrderRejected'", new { orderId }));
        Assert.Single(pipeline.Providers.ForOrder(orderId), r => r.IdempotencyKey.EndsWith(":email", StringComparison.Ordinal));
        Assert.DoesNotContain(pipeline.Providers.ForOrder(orderId), r => r.Json.GetProperty("text").GetString()!.Contains("not accepted", StringComparison.Ordinal));
    }
}
