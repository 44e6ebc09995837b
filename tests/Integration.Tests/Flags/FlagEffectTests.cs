namespace OrderPipeline.Integration.Tests.Flags;

/// <summary>What the business and notify flags do to real orders on the run's broker and database.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FlagEffectTests(PipelineFixture pipeline)
{
    const string Notify = "Workers.Notify";
    const string Business = "Workers.Business";

    [Fact]
    public async Task PricingV2_off_prices_by_the_old_rules_on_by_the_new_and_a_partial_rollout_keeps_each_customer_on_one_side()
    {
        var product = OrderApi.Unique("bulk");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 1000.55m, stock: 10_000);
        try
        {
            await pipeline.FlipAsync("Business.PricingV2", false, "pricing test: old rules", services: Business);
            var old = await ConfirmedAsync(OrderApi.Unique("cust"), product, 10);
            Assert.Equal(("v1", 10_005.50m, 1000.55m), old);

            await pipeline.FlipAsync("Business.PricingV2", true, "pricing test: new rules for everyone", services: Business);
            var bulk = await ConfirmedAsync(OrderApi.Unique("cust"), product, 10);
            Assert.Equal(("v2", 9004.90m, 900.49m), bulk); // 10 % off 1000.55, rounded down to the cent
            var small = await ConfirmedAsync(OrderApi.Unique("cust"), product, 9);
            Assert.Equal(("v2", 9004.95m, 1000.55m), small); // under the volume threshold: list price

            // 50 % of customers: both rules are in use, and a customer's next order gets the rule their first one got.
            await pipeline.FlipAsync("Business.PricingV2", true, "pricing test: half the customers", 50, Business);
            var customers = Enumerable.Range(0, 24).Select(_ => OrderApi.Unique("cust")).ToList();
            var first = new Dictionary<string, string>();
            foreach (var customer in customers)
            {
                first[customer] = (await ConfirmedAsync(customer, product, 10)).Pricing;
            }

            Assert.Contains("v1", first.Values);
            Assert.Contains("v2", first.Values);
            foreach (var customer in customers.Take(8))
            {
                Assert.Equal(first[customer], (await ConfirmedAsync(customer, product, 10)).Pricing);
            }
        }
        finally
        {
            await pipeline.FlipAsync("Business.PricingV2", false, "pricing test done", services: Business);
        }

        Assert.Equal("v1", (await ConfirmedAsync(OrderApi.Unique("cust"), product, 10)).Pricing);
    }

    async Task<(string Pricing, decimal Total, decimal UnitPrice)> ConfirmedAsync(string customer, string product, int quantity)
    {
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(customer, product, quantity));
        await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
        return (await pipeline.Database.ScalarAsync<string>("SELECT pricing FROM orders WHERE order_id = @orderId", new { orderId }),
            await pipeline.Database.ScalarAsync<decimal>("SELECT total FROM orders WHERE order_id = @orderId", new { orderId }),
            await pipeline.Database.ScalarAsync<decimal>("SELECT unit_price FROM order_items WHERE order_id = @orderId", new { orderId }));
    }

    [Fact]
    public async Task Notify_Send_off_keeps_notifications_in_their_queues_and_on_again_sends_each_exactly_once()
    {
        var product = OrderApi.Unique("paused");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 10);
        var email = $"{OrderApi.Unique("paused")}@example.com";
        string orderId;
        try
        {
            var flag = await pipeline.FlipAsync("Notify.Send", false, "incident 7: gateway sends duplicates", services: Notify);
            var worker = flag.GetProperty("propagation").GetProperty("instances").EnumerateArray().First(i => i.GetProperty("service").GetString() == Notify);
            Assert.Equal(["notify-delays", "notify-email", "notify-sms", "notify-webhook"], worker.GetProperty("pausedQueues").EnumerateArray().Select(q => q.GetString()));
            await Eventually.TrueAsync(() => Task.FromResult(pipeline.CountLines("Paused notify-email: flag Notify.Send is off") >= 1),
                TimeSpan.FromSeconds(10), "the e-mail endpoint to stop");

            var waiting = await pipeline.ReadyInAsync("notify-email");
            orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email, phone: "+821012345678"));
            await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");

            // The order's notices wait in their queues: nothing claimed, nothing sent to the gateway.
            await Eventually.TrueAsync(async () => await pipeline.ReadyInAsync("notify-email") > waiting, TimeSpan.FromSeconds(10), "the e-mail to wait in notify-email");
            await Eventually.TrueAsync(async () => await pipeline.ReadyInAsync("notify-sms") >= 1, TimeSpan.FromSeconds(10), "the text to wait in notify-sms");
            Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE order_id = @orderId", new { orderId }));
            Assert.Empty(pipeline.Providers.ForOrder(orderId));
        }
        finally
        {
            await pipeline.FlipAsync("Notify.Send", true, "incident 7 resolved", services: Notify);
        }

        await pipeline.AssertEmailSentOnceAsync(orderId);
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
            "SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'sms'", new { orderId }) == "Sent", TimeSpan.FromSeconds(30), "the text sent");
        Assert.Single(pipeline.Providers.ForOrder(orderId), r => r.IdempotencyKey.EndsWith(":sms", StringComparison.Ordinal));
        Assert.Equal(2, pipeline.Providers.ForOrder(orderId).Count);
        Assert.True(pipeline.CountLines("Resumed notify-email") >= 1, pipeline.HostOutput);
    }

    [Fact]
    public async Task A_channel_flag_pauses_only_its_channel()
    {
        var product = OrderApi.Unique("sms");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 10);
        string orderId;
        try
        {
            await pipeline.FlipAsync("Notify.Channel.Sms", false, "SMS provider bills twice", services: Notify);
            var waiting = await pipeline.ReadyInAsync("notify-sms");
            orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1,
                email: $"{OrderApi.Unique("sms")}@example.com", phone: "+821099998888"));

            // E-mail goes out while the text waits in its queue.
            await pipeline.AssertEmailSentOnceAsync(orderId);
            await Eventually.TrueAsync(async () => await pipeline.ReadyInAsync("notify-sms") > waiting, TimeSpan.FromSeconds(10), "the text to wait in notify-sms");
            Assert.Null(await pipeline.Database.ScalarAsync<string>("SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'sms'", new { orderId }));
        }
        finally
        {
            await pipeline.FlipAsync("Notify.Channel.Sms", true, "SMS billing fixed", services: Notify);
        }

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
            "SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'sms'", new { orderId }) == "Sent", TimeSpan.FromSeconds(30), "the text sent");
        Assert.Single(pipeline.Providers.ForOrder(orderId), r => r.IdempotencyKey.EndsWith(":sms", StringComparison.Ordinal));
    }
}
