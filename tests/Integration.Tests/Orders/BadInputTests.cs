using System.Net.Http.Headers;
using System.Text;

namespace OrderPipeline.Integration.Tests.Orders;

[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineFixture pipeline)
{
    public static TheoryData<string, string, string, int, string?> BadOrders() => new()
    {
        { "malformed JSON", "application/json", "{\"customerId\": ", 400, null },
        { "not an object", "application/json", "[1, 2]", 400, "body" },
        { "wrong type", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":"two"}],"contact":{"email":"a@b.co"}}""", 400, "items[0].quantity" },
        { "missing customer", "application/json", """{"items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"a@b.co"}}""", 400, "customerId" },
        { "bad customer id", "application/json", """{"customerId":"has space","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"a@b.co"}}""", 400, "customerId" },
        { "no items", "application/json", """{"customerId":"c1","items":[],"contact":{"email":"a@b.co"}}""", 400, "items" },
        { "quantity zero", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":0}],"contact":{"email":"a@b.co"}}""", 400, "items[0].quantity" },
        { "quantity over 1000", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":1001}],"contact":{"email":"a@b.co"}}""", 400, "items[0].quantity" },
        { "unknown product", "application/json", """{"customerId":"c1","items":[{"productId":"no-such-product","quantity":1}],"contact":{"email":"a@b.co"}}""", 400, "items[0].productId" },
        { "no contact", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":1}],"contact":{}}""", 400, "contact" },
        { "bad email", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"nope"}}""", 400, "contact.email" },
        { "wrong content type", "text/plain", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"a@b.co"}}""", 415, null },
        { "body over 64 KiB", "application/json", "{\"customerId\":\"" + new string('a', 70_000) + "\"}", 413, null },
        { "NUL in the e-mail", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"kim\u0000@example.com"}}""", 400, "contact.email" },
        { "escape in the phone", "application/json", """{"customerId":"c1","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"phone":"+8210\u001b1234"}}""", 400, "contact.phone" },
        { "line feed in the customer", "application/json", """{"customerId":"c1\n","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"a@b.co"}}""", 400, "customerId" },
        { "lone surrogate", "application/json", """{"customerId":"c\ud800","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"a@b.co"}}""", 400, "customerId" },
        { "duplicate key", "application/json", """{"customerId":"c1","customerId":"c2","items":[{"productId":"PRODUCT","quantity":1}],"contact":{"email":"a@b.co"}}""", 400, "customerId" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task Bad_order_gets_its_status_as_problem_details_and_publishes_nothing(string @case, string contentType, string body, int status, string? field)
    {
        var product = OrderApi.Unique("bad");
        await pipeline.PutProductAsync(OrderApi.Unique("seller"), product, 100m, stock: 5);
        var before = await pipeline.PublishedOrdersAsync();

        using var content = new StringContent(body.Replace("PRODUCT", product, StringComparison.Ordinal), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await pipeline.Http.PostAsync("/orders", content);

        Assert.True((int)response.StatusCode == status, $"{@case}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{@case}: errors should name '{field}': {errors}");
        }

        // A valid order after the bad one proves the count is current: exactly that one was published.
        await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("good"), product, 1));
        Assert.Equal(before + 1, await pipeline.PublishedOrdersAsync());
    }

    [Fact]
    public async Task Orders_mixing_sellers_are_refused()
    {
        var first = OrderApi.Unique("p1");
        var second = OrderApi.Unique("p2");
        await pipeline.PutProductAsync(OrderApi.Unique("s1"), first, 10m, 5);
        await pipeline.PutProductAsync(OrderApi.Unique("s2"), second, 10m, 5);
        var order = new { customerId = "c1", items = new[] { new { productId = first, quantity = 1 }, new { productId = second, quantity = 1 } }, contact = new { email = "a@b.co" } };

        using var response = await OrderApi.PostAsync(pipeline.Http, order);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"items\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_product_and_webhook_input_is_refused_and_changes_nothing()
    {
        var seller = OrderApi.Unique("s");
        var product = OrderApi.Unique("p");
        using var badProduct = await pipeline.Sellers.PutAsync($"/sellers/{seller}/products/{product}",
            new StringContent("""{"name":"x","unitPrice":-1,"currency":"won","stock":-2}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badProduct.StatusCode);
        var errors = JsonDocument.Parse(await badProduct.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("unitPrice", out _) && errors.TryGetProperty("currency", out _) && errors.TryGetProperty("stock", out _));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM products WHERE product_id = @product", new { product }));

        using var badHook = await pipeline.Sellers.PutAsync($"/sellers/{seller}/webhook",
            new StringContent("""{"url":"ftp://x","secret":"short"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badHook.StatusCode);
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_webhooks WHERE seller_id = @seller", new { seller }));
    }

    [Fact]
    public async Task Another_sellers_product_id_is_a_conflict()
    {
        var product = OrderApi.Unique("shared");
        await pipeline.PutProductAsync(OrderApi.Unique("owner"), product, 10m, 5);
        using var response = await pipeline.Sellers.PutAsync($"/sellers/{OrderApi.Unique("thief")}/products/{product}",
            new StringContent("""{"name":"x","unitPrice":1,"currency":"KRW","stock":1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(5, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }
}
