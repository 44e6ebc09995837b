namespace OrderPipeline.Integration.Tests.Security;

/// <summary>Sellers' webhooks cannot reach inside, follow no redirects, bring nothing back, and one seller's endpoint never holds back another's.</summary>
[Collection(PipelineCollection.Name)]
public sealed class WebhookSafetyTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Webhook_urls_that_reach_inside_are_refused_when_saved_and_nothing_is_written()
    {
        // An API with the production webhook rules (Development allows http and loopback, for the dev gateway).
        var api = await pipeline.StartHostAsync("Intake.Api", new Dictionary<string, string>
        {
            ["Webhooks__AllowHttp"] = "false", ["Webhooks__AllowLoopback"] = "false",
        });
        using var http = new HttpClient { BaseAddress = api.BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", PipelineFixture.SellerAdminKey } } };
        var seller = OrderApi.Unique("farm");
        foreach (var url in (string[])["http://93.184.216.34/hooks", "https://127.0.0.1/hooks", "https://localhost:8443/hooks", "https://10.0.0.8/hooks",
                     "https://169.254.169.254/latest/meta-data/", "https://[::1]/hooks", "https://[fd00:ec2::254]/", "https://[::ffff:192.168.0.1]/"])
        {
            using var response = await http.PutAsJsonAsync($"/sellers/{seller}/webhook", new { url, secret = "seller-secret-0123456789" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("url", out _), url);
        }

        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_webhooks WHERE seller_id = @seller", new { seller }));
        using var allowed = await http.PutAsJsonAsync($"/sellers/{seller}/webhook", new { url = "https://93.184.216.34/hooks", secret = "seller-secret-0123456789" });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://93.184.216.34/hooks", await pipeline.Database.ScalarAsync<string>("SELECT url FROM seller_webhooks WHERE seller_id = @seller", new { seller }));
    }

    [Fact]
    public async Task A_webhook_host_that_resolves_inside_when_connecting_is_refused_and_never_reached()
    {
        await using var vhost = await TestVhost.CreateAsync();
        await using var notify = await pipeline.StartHostAsync("Workers.Notify", new Dictionary<string, string>
        {
            ["RabbitMq__VirtualHost"] = vhost.Name, ["Webhooks__AllowHttp"] = "true", ["Webhooks__AllowLoopback"] = "false",
        });
        // Saved while its name pointed outside; now the name resolves to this machine (DNS rebinding), as localhost does.
        var seller = OrderApi.Unique("rebind");
        await pipeline.Database.ExecuteAsync("INSERT INTO seller_webhooks (seller_id, url, secret, updated_at) VALUES (@seller, @p2, 'seller-secret-0123456789', now())",
            new { seller, p2 = $"http://localhost:{pipeline.Providers.Port}/webhooks/{seller}" });
        var order = Messages.Confirmed(sellerId: seller);

        await pipeline.PublishToAsync(vhost.Name, Messages.NewOrdersOf(order));

        var error = await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<string>(
                "SELECT last_error FROM notifications WHERE order_id = @orderId AND channel = 'webhook' AND status = 'Failed'", new { orderId = order.OrderId }),
            e => e is not null, TimeSpan.FromSeconds(30), $"the webhook refused\n{notify.Output}");
        Assert.Contains("not a public address", error, StringComparison.Ordinal);
        Assert.DoesNotContain(pipeline.Providers.Received, r => r.Path == $"/webhooks/{seller}");
        await Eventually.TrueAsync(async () => await vhost.ReadyAsync("notify-webhook_error") == 1, TimeSpan.FromSeconds(10), "the refusal in the error queue");
    }

    [Fact]
    public async Task Webhooks_follow_no_redirect_and_keep_nothing_of_what_a_seller_endpoint_answers()
    {
        var (redirecting, talkative) = (OrderApi.Unique("redir"), OrderApi.Unique("talk"));
        await SetWebhookAsync(redirecting, pipeline.Providers.RedirectingWebhookUrl(redirecting));
        await SetWebhookAsync(talkative, pipeline.Providers.WebhookUrl(talkative));
        const string Leak = "internal-token-4f1c9e";
        pipeline.Providers.FailWebhook(talkative, times: 100, status: 400, reason: $"{{\"error\":\"bad\",\"debug\":\"{Leak}\"}}");

        var redirectedOrder = await OrderAsync(redirecting);
        var talkativeOrder = await OrderAsync(talkative);

        foreach (var (orderId, expected) in new[] { (redirectedOrder, "redirect"), (talkativeOrder, "answered 400") })
        {
            var error = await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<string>(
                    "SELECT last_error FROM notifications WHERE order_id = @orderId AND channel = 'webhook' AND status = 'Failed'", new { orderId }),
                e => e is not null, TimeSpan.FromSeconds(30), $"{orderId}'s webhook to fail for good");
            Assert.Contains(expected, error, StringComparison.Ordinal);
            var deadLetter = await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<string>(
                    "SELECT coalesce(exception_message, '') || headers::text FROM dead_letters WHERE order_id = @orderId AND queue = 'notify-webhook'", new { orderId }),
                d => d is not null, TimeSpan.FromSeconds(30), $"{orderId}'s dead letter");
            Assert.DoesNotContain(Leak, deadLetter, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Leak, await pipeline.Database.ScalarAsync<string>("SELECT last_error FROM notifications WHERE order_id = @talkativeOrder AND channel = 'webhook'", new { talkativeOrder }), StringComparison.Ordinal);
        Assert.DoesNotContain(pipeline.Providers.Received, r => r.Path == $"/webhooks/{redirecting}");
    }

    [Fact]
    public async Task One_sellers_slow_webhook_never_holds_back_another_sellers_nor_trips_the_queues_kill_switch()
    {
        await using var vhost = await TestVhost.CreateAsync();
        await using var notify = await pipeline.StartHostAsync("Workers.Notify", new Dictionary<string, string>
        {
            ["RabbitMq__VirtualHost"] = vhost.Name,
            ["KillSwitch__ActivationThreshold"] = "5", ["KillSwitch__TripThresholdPercent"] = "20", ["KillSwitch__RestartTimeoutSeconds"] = "60",
            ["Notify__Webhooks__TimeoutSeconds"] = "1", ["Notify__Webhooks__MaxConcurrentPerHost"] = "2", ["Notify__ConcurrentMessageLimit"] = "8",
            ["Notify__Webhooks__BreakerMinimumThroughput"] = "3",
        });
        // Two seller hosts on the same receiver: 127.0.0.1 is slow (every call times out), localhost answers at once.
        var (slow, healthy) = (OrderApi.Unique("slow"), OrderApi.Unique("fine"));
        pipeline.Providers.SlowWebhook(slow, TimeSpan.FromSeconds(5));
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO seller_webhooks (seller_id, url, secret, updated_at) VALUES (@slow, @p2, 'seller-secret-0123456789', now()), (@healthy, @p4, 'seller-secret-0123456789', now())
            """, new { slow, p2 = pipeline.Providers.WebhookUrl(slow), healthy, p4 = $"http://localhost:{pipeline.Providers.Port}/webhooks/{healthy}" });
        var slowOrders = Enumerable.Range(0, 20).Select(_ => Messages.Confirmed(sellerId: slow)).ToList();
        var healthyOrders = Enumerable.Range(0, 20).Select(_ => Messages.Confirmed(sellerId: healthy)).ToList();

        // The slow seller's orders go first, so they would take every slot if nothing bounded them.
        await pipeline.PublishToAsync(vhost.Name, [.. slowOrders.Concat(healthyOrders).Select(o => Messages.NewOrdersOf(o))]);

        await Eventually.TrueAsync(() => Task.FromResult(pipeline.Providers.Received.Count(r => r.Path == $"/webhooks/{healthy}" && r.Status == 200) >= 20),
            TimeSpan.FromSeconds(20), $"every webhook of the healthy seller\n{notify.Output}");
        Assert.Equal(20, pipeline.Providers.Received.Where(r => r.Path == $"/webhooks/{healthy}").Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Equal(0, notify.CountLines("Stopped consuming from notify-webhook"));
        // The slow host held at most its two slots at a time and its circuit opened: most of its messages never reached it.
        Assert.True(pipeline.Providers.Received.Count(r => r.Path == $"/webhooks/{slow}") < 20, "the slow seller's host was called for every message");
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE order_id = ANY(@p1) AND channel = 'webhook' AND status = 'Sent'",
            new { p1 = slowOrders.Select(o => o.OrderId).ToArray() }));
        pipeline.Providers.SlowWebhook(slow, TimeSpan.Zero);
    }

    async Task SetWebhookAsync(string seller, string url)
    {
        using var response = await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/webhook", new { url, secret = "seller-secret-0123456789" });
        response.EnsureSuccessStatusCode();
    }

    async Task<string> OrderAsync(string seller)
    {
        var product = OrderApi.Unique("p");
        await pipeline.PutProductAsync(seller, product, 1000m, 10);
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
        await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
        return orderId;
    }
}
