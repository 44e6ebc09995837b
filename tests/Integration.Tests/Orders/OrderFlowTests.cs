using System.Security.Cryptography;
using System.Text;

namespace OrderPipeline.Integration.Tests.Orders;

[Collection(PipelineCollection.Name)]
public sealed class OrderFlowTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Posted_order_is_confirmed_priced_from_the_catalogue_and_notified_exactly_once()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("apple");
        const string secret = "seller-secret-0123456789";
        await pipeline.PutProductAsync(seller, product, 12.25m, stock: 10, currency: "USD");
        (await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/webhook", new { url = pipeline.Providers.WebhookUrl(seller), secret }))
            .EnsureSuccessStatusCode();

        var orderId = await OrderApi.SubmitAsync(pipeline.Http,
            OrderApi.Order(OrderApi.Unique("cust"), product, 3, email: "kim@example.com", phone: "+82 10 1234 5678"));

        var order = await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed", "Rejected");
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(36.75m, order.GetProperty("total").GetDecimal());
        Assert.Equal("USD", order.GetProperty("currency").GetString());
        var item = Assert.Single(order.GetProperty("items").EnumerateArray());
        Assert.Equal(12.25m, item.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(7, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));

        var received = await Eventually.GetAsync(() => Task.FromResult(pipeline.Providers.ForOrder(orderId)), r => r.Count >= 3,
            TimeSpan.FromSeconds(30), "the shopper's e-mail and SMS and the seller's webhook");
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE order_id = @orderId AND status = 'Sent'", new { orderId }) == 3, TimeSpan.FromSeconds(10), "3 Sent rows");

        Assert.Equal(3, received.Count);
        Assert.Equal(3, received.Select(r => r.IdempotencyKey).Distinct().Count());
        var email = Assert.Single(received, r => r.IdempotencyKey.EndsWith(":email", StringComparison.Ordinal));
        Assert.Equal("kim@example.com", email.Json.GetProperty("to").GetString());
        var sms = Assert.Single(received, r => r.IdempotencyKey.EndsWith(":sms", StringComparison.Ordinal));
        Assert.Equal("+821012345678", sms.Json.GetProperty("to").GetString());
        var webhook = Assert.Single(received, r => r.Path == $"/webhooks/{seller}");
        Assert.Equal("order.confirmed", webhook.EventType);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), webhook.Body)), webhook.Signature);
        // Standard Webhooks, verified as a seller would with the StandardWebhooks package (id and timestamp are signed too).
        Assert.Equal(webhook.IdempotencyKey, webhook.StandardHeaders["webhook-id"].ToString());
        new StandardWebhooks.StandardWebhook(Encoding.UTF8.GetBytes(secret)).Verify(Encoding.UTF8.GetString(webhook.Body), webhook.StandardHeaders);
        var replayed = new Microsoft.AspNetCore.Http.HeaderDictionary(webhook.StandardHeaders.ToDictionary())
        {
            ["webhook-timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.ThrowsAny<Exception>(() => new StandardWebhooks.StandardWebhook(Encoding.UTF8.GetBytes(secret)).Verify(Encoding.UTF8.GetString(webhook.Body), replayed));
        Assert.Equal(orderId, webhook.Json.GetProperty("orderId").GetString());
        Assert.Equal(36.75m, webhook.Json.GetProperty("total").GetDecimal());

        var notifications = (await OrderApi.GetAsync(pipeline.Http, orderId)).GetProperty("notifications").EnumerateArray().ToList();
        Assert.Equal(3, notifications.Count);
        Assert.All(notifications, n => Assert.Equal("Sent", n.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Oversell_is_impossible_200_concurrent_orders_for_stock_50_sell_exactly_50()
    {
        var seller = OrderApi.Unique("flash");
        var product = OrderApi.Unique("melon");
        await pipeline.PutProductAsync(seller, product, 9900m, stock: 50);
        var customer = OrderApi.Unique("crowd");

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order($"{customer}-{i}", product, 1))));

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE order_id = ANY(@ids) AND status IN ('Confirmed', 'Rejected')", new { ids }) == 200,
            TimeSpan.FromSeconds(60), "all 200 orders decided");
        Assert.Equal(50, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = ANY(@ids) AND status = 'Confirmed'", new { ids }));
        Assert.Equal(150, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE order_id = ANY(@ids) AND status = 'Rejected' AND rejection_reason = 'OutOfStock'", new { ids }));
        Assert.Equal(50, await pipeline.Database.ScalarAsync<long>(
            "SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o USING (order_id) WHERE o.order_id = ANY(@ids) AND o.status = 'Confirmed'", new { ids }));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }

    [Fact]
    public async Task Orders_for_one_product_are_served_in_the_order_the_intake_accepted_them()
    {
        var product = OrderApi.Unique("cherry");
        await pipeline.PutProductAsync(OrderApi.Unique("orchard"), product, 5000m, stock: 3);

        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("queue"), product, 1)));
        }

        var statuses = new List<string?>();
        foreach (var id in ids)
        {
            statuses.Add((await OrderApi.WaitForStatusAsync(pipeline.Http, id, "Confirmed", "Rejected")).GetProperty("status").GetString());
        }

        Assert.Equal(["Confirmed", "Confirmed", "Confirmed", "Rejected", "Rejected", "Rejected"], statuses);
    }

    [Fact]
    public async Task A_genuine_receipt_not_yet_stored_reads_Accepted_and_a_forged_one_is_404()
    {
        var receipts = new Intake.Orders.OrderReceipts(TestEnvironment.ReceiptKey);
        var unpublished = receipts.New();
        var accepted = await OrderApi.GetAsync(pipeline.Http, unpublished);
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(unpublished, accepted.GetProperty("orderId").GetString());

        var forged = unpublished[..^1] + (unpublished[^1] == '0' ? '1' : '0');
        using var response = await pipeline.Http.GetAsync($"/orders/{forged}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
