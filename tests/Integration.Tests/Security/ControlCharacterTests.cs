using System.Text;
using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Security;

/// <summary>Values the database would refuse are a 400 at the door, on every endpoint; a message that gets past it fails alone, at once.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ControlCharacterTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Control_characters_anywhere_are_a_400_naming_the_field_and_nothing_is_written()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("kiwi");
        await pipeline.PutProductAsync(seller, product, 1000m, 5);

        await AssertRefusedAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", PipelineFixture.SellerAdminKey,
            """{"name":"Kiwi\u0000","unitPrice":1000,"currency":"KRW","stock":5}""", "name");
        await AssertRefusedAsync(HttpMethod.Put, $"/sellers/{seller}/webhook", PipelineFixture.SellerAdminKey,
            $$"""{"url":"{{pipeline.Providers.WebhookUrl(seller)}}","secret":"0123456789abcdef\u0000"}""", "secret");
        await AssertRefusedAsync(HttpMethod.Post, $"/sellers/{seller}/products/{product}/delays", PipelineFixture.SellerAdminKey,
            """{"newShipDate":"2026-12-24","reason":"Rain\u0000"}""", "reason");
        await AssertRefusedAsync(HttpMethod.Post, "/admin/dead-letters/groups/abc/notes", AdminApi.OnCallKey, """{"text":"vendor\u0000ticket"}""", "text");
        await AssertRefusedAsync(HttpMethod.Put, "/admin/flags/Notify.Send", "dev-developer-key", """{"enabled":true,"reason":"x\u0000"}""", "reason");
        await AssertRefusedAsync(HttpMethod.Get, "/admin/dead-letters?orderId=ord%00x", AdminApi.OnCallKey, null, "query.orderId");

        Assert.Equal("Product " + product, await pipeline.Database.ScalarAsync<string>("SELECT name FROM products WHERE product_id = @product", new { product }));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_webhooks WHERE seller_id = @seller", new { seller }));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM delays WHERE product_id = @product", new { product }));
    }

    [Fact]
    public async Task A_unit_price_of_exactly_1e14_is_refused_and_the_largest_that_fits_is_kept()
    {
        var seller = OrderApi.Unique("gold");
        var product = OrderApi.Unique("bar");
        await AssertRefusedAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", PipelineFixture.SellerAdminKey,
            """{"name":"Gold bar","unitPrice":100000000000000,"currency":"KRW","stock":1}""", "unitPrice");
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM products WHERE product_id = @product", new { product }));

        using var largest = await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/products/{product}",
            new { name = "Gold bar", unitPrice = 99_999_999_999_999.9999m, currency = "KRW", stock = 1 });
        Assert.Equal(HttpStatusCode.Created, largest.StatusCode);
        Assert.Equal(99_999_999_999_999.9999m, await pipeline.Database.ScalarAsync<decimal>("SELECT unit_price FROM products WHERE product_id = @product", new { product }));
    }

    [Fact]
    public async Task An_order_the_database_refuses_fails_alone_at_once_and_its_neighbours_are_confirmed()
    {
        var product = OrderApi.Unique("fig");
        var seller = OrderApi.Unique("farm");
        await pipeline.PutProductAsync(seller, product, 500m, 100);
        // Published straight to the broker, as a message from elsewhere would be: the intake would have refused it.
        var orders = Enumerable.Range(0, 6).Select(i => Order(seller, product, i == 3 ? "poison\u0000@example.com" : $"fine{i}@example.com")).ToArray();

        await pipeline.PublishAsync(orders);

        var good = orders.Where((_, i) => i != 3).Select(o => o.OrderId).ToArray();
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE order_id = ANY(@good) AND status = 'Confirmed'", new { good }) == 5, TimeSpan.FromSeconds(30), "the five good orders");
        var (exceptionType, retries) = await Eventually.GetAsync(async () => (
                await pipeline.Database.ScalarAsync<string>("SELECT exception_type FROM dead_letters WHERE order_id = @p1", new { p1 = orders[3].OrderId }),
                await pipeline.Database.ScalarAsync<int>("SELECT retry_count FROM dead_letters WHERE order_id = @p1", new { p1 = orders[3].OrderId })),
            d => d.Item1 is not null, TimeSpan.FromSeconds(30), "the poison order's dead letter");
        Assert.Contains("PostgresException", exceptionType, StringComparison.Ordinal);
        Assert.Equal(0, retries); // classed permanent: no in-process retries, no redeliveries
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = @p1", new { p1 = orders[3].OrderId }));
        Assert.Equal(95, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }

    async Task AssertRefusedAsync(HttpMethod method, string path, string key, string? json, string field)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", key);
        using var response = await pipeline.For(path).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{method} {path} should name {field}: {body}");
    }

    static SubmitOrder Order(string seller, string product, string email) => new()
    {
        OrderId = OrderApi.Unique("ord"),
        CustomerId = OrderApi.Unique("cust"),
        SellerId = seller,
        Items = [new OrderLine { ProductId = product, Quantity = 1 }],
        Contact = new ContactInfo { Email = email },
        RequestHash = "h",
        AcceptedAt = DateTimeOffset.UtcNow,
    };
}
