using Npgsql;

namespace OrderPipeline.Integration.Tests.Security;

/// <summary>Who may act for a seller: the seller's own key or a seller-admin key, on every seller endpoint; and nobody else.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SellerAccessTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Products_and_webhooks_change_only_with_a_key_that_acts_for_the_seller()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("apple");
        var ownKey = await IssueKeyAsync(seller);
        var rivalKey = await IssueKeyAsync(OrderApi.Unique("rival"));

        foreach (var (key, expected) in new (string?, HttpStatusCode)[]
                 {
                     (null, HttpStatusCode.Unauthorized), ("not-a-key", HttpStatusCode.Unauthorized), ("sk_not-issued", HttpStatusCode.Unauthorized),
                     (rivalKey, HttpStatusCode.Forbidden), (AdminApi.OnCallKey, HttpStatusCode.Forbidden),
                 })
        {
            using var put = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", key,
                new { name = "Stolen", unitPrice = 1m, currency = "KRW", stock = 0 });
            Assert.Equal(expected, put.StatusCode);
            Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
            using var hook = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/webhook", key,
                new { url = "https://attacker.example/hook", secret = "attacker-chosen-secret" });
            Assert.Equal(expected, hook.StatusCode);
        }

        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM products WHERE product_id = @product", new { product }));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_webhooks WHERE seller_id = @seller", new { seller }));

        using (var created = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", ownKey,
                   new { name = "Apple box", unitPrice = 12000m, currency = "KRW", stock = 5 }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var hook = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/webhook", ownKey,
                   new { url = pipeline.Providers.WebhookUrl(seller), secret = "seller-secret-0123456789" }))
        {
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        }

        // A seller-admin acts for any seller.
        using (var restock = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", PipelineFixture.SellerAdminKey,
                   new { name = "Apple box", unitPrice = 12000m, currency = "KRW", stock = 9 }))
        {
            Assert.Equal(HttpStatusCode.OK, restock.StatusCode);
        }

        Assert.Equal(9, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
        Assert.Equal(pipeline.Providers.WebhookUrl(seller), await pipeline.Database.ScalarAsync<string>("SELECT url FROM seller_webhooks WHERE seller_id = @seller", new { seller }));
    }

    [Fact]
    public async Task Every_documented_seller_endpoint_refuses_no_key_and_another_sellers_key()
    {
        var rivalKey = await IssueKeyAsync(OrderApi.Unique("rival"));
        using var document = JsonDocument.Parse(await pipeline.Http.GetStringAsync("/openapi/v1.json"));
        var checkedOperations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/sellers/", StringComparison.Ordinal)))
        {
            var url = path.Name.Replace("{sellerId}", OrderApi.Unique("victim"), StringComparison.Ordinal)
                .Replace("{productId}", "p1", StringComparison.Ordinal).Replace("{delayId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{saleId}", "sale-1", StringComparison.Ordinal);
            Assert.DoesNotContain("{", url, StringComparison.Ordinal);
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                using var anonymous = await SendAsync(method, url, null, new { });
                Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path.Name} without a key: {(int)anonymous.StatusCode}");
                using var rival = await SendAsync(method, url, rivalKey, new { });
                Assert.True(rival.StatusCode == HttpStatusCode.Forbidden, $"{method} {path.Name} with another seller's key: {(int)rival.StatusCode}");
                checkedOperations++;
            }
        }

        Assert.True(checkedOperations >= 5, $"only {checkedOperations} seller operations documented");
    }

    [Fact]
    public async Task A_revoked_seller_key_stops_working_on_its_next_request()
    {
        var seller = OrderApi.Unique("farm");
        using var issued = await SendAsync(HttpMethod.Post, $"/admin/sellers/{seller}/api-keys", PipelineFixture.SellerAdminKey);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var (key, keyId) = (body.GetProperty("key").GetString()!, body.GetProperty("keyId").GetString()!);
        Assert.StartsWith("sk_", key, StringComparison.Ordinal);
        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_api_keys WHERE key_id = @keyId AND key_hash <> @key", new { keyId, key }));

        var product = OrderApi.Unique("pear");
        var put = new { name = "Pear", unitPrice = 3000m, currency = "KRW", stock = 1 };
        using (var before = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", key, put))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        using (var byOnCall = await SendAsync(HttpMethod.Delete, $"/admin/sellers/{seller}/api-keys/{keyId}", AdminApi.OnCallKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byOnCall.StatusCode);
        }

        using (var revoked = await SendAsync(HttpMethod.Delete, $"/admin/sellers/{seller}/api-keys/{keyId}", PipelineFixture.SellerAdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            var view = await revoked.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("dev-admin", view.GetProperty("revokedBy").GetString());
        }

        using (var after = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/products/{product}", key, put))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }

        using (var unknown = await SendAsync(HttpMethod.Delete, $"/admin/sellers/{seller}/api-keys/key_0000000000000000", PipelineFixture.SellerAdminKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var list = await SendAsync(HttpMethod.Get, $"/admin/sellers/{seller}/api-keys", PipelineFixture.SellerAdminKey);
        var text = await list.Content.ReadAsStringAsync();
        var listed = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray().ToList());
        Assert.Equal(keyId, listed.GetProperty("keyId").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_on_a_public_endpoint_is_never_looked_up_so_a_database_outage_does_not_touch_orders()
    {
        var product = OrderApi.Unique("plum");
        await pipeline.PutProductAsync(OrderApi.Unique("farm"), product, 1000m, 100);
        await using var database = TcpProxy.To(new NpgsqlConnectionStringBuilder(pipeline.Database.ConnectionString).Port);
        var api = await pipeline.StartHostAsync("Intake.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__Pipeline"] = new NpgsqlConnectionStringBuilder(pipeline.Database.ConnectionString) { Port = database.Port, Pooling = false }.ConnectionString,
        });
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        await Eventually.TrueAsync(async () => (await http.GetAsync($"/sellers/x/delays/{Guid.NewGuid()}")).StatusCode == HttpStatusCode.Unauthorized
            && (await OrderApi.PostAsync(http, OrderApi.Order("c1", product, 1))).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30), "the second API to know the product");

        database.Cut();
        foreach (var key in (string[])["sk_stolen-or-mistyped", "whatever", "dev-oncall-key"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(OrderApi.Order(OrderApi.Unique("c"), product, 1)) };
            request.Headers.Add("X-Api-Key", key);
            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"X-Api-Key {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_host_outside_development_refuses_to_start_with_a_development_secret_and_names_it()
    {
        var api = await pipeline.StartHostAsync("Intake.Api", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Intake__ReceiptKey"] = "development-only-receipt-key-change-me-in-production",
            ["Admin__ApiKeys__0__Key"] = "0b7f5a1e-not-a-development-key",
            ["Admin__ApiKeys__1__Key"] = "dev-oncall-key",
        }, waitUntilReady: false);
        Assert.NotEqual(0, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Intake:ReceiptKey", api.Output, StringComparison.Ordinal);
        Assert.Contains("Admin:ApiKeys:1:Key", api.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin:ApiKeys:0:Key", api.Output, StringComparison.Ordinal);

        // A worker with the development database password (the fixture's) refuses as well.
        var worker = await pipeline.StartHostAsync("Workers.Notify", new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, waitUntilReady: false);
        Assert.NotEqual(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("ConnectionStrings:Pipeline", worker.Output, StringComparison.Ordinal);
    }

    async Task<string> IssueKeyAsync(string seller)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/admin/sellers/{seller}/api-keys", PipelineFixture.SellerAdminKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null) =>
        pipeline.For(path).SendAsync(AdminApi.Request(method, path, key, body));
}
