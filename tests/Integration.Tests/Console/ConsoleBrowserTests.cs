using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OrderPipeline.Integration.Tests.Console;

/// <summary>The operations console in a real browser (headless Chromium), against the whole pipeline.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsoleBrowserTests(PipelineFixture pipeline) : IAsyncLifetime
{
    const string DeveloperKey = "dev-developer-key";
    ConsoleBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await ConsoleBrowser.LaunchAsync(pipeline.Admin.BaseAddress);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task On_call_replays_the_group_a_failing_seller_webhook_produced_and_each_webhook_arrives_once()
    {
        var (seller, product) = (OrderApi.Unique("hooked"), OrderApi.Unique("lamp"));
        await pipeline.PutProductAsync(seller, product, 100m, stock: 100);
        (await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/webhook",
            new { url = pipeline.Providers.WebhookUrl(seller), secret = "console-test-secret-0123" })).EnsureSuccessStatusCode();
        pipeline.Providers.FailWebhook(seller, times: 1000, status: 400, reason: "{\"error\":\"schema v2 expected\"}");
        var orders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1)));
        }

        var fingerprint = await Eventually.GetAsync(async () =>
            {
                var rows = await Task.WhenAll(orders.Select(o => pipeline.Database.ScalarAsync<string>(
                    "SELECT fingerprint FROM dead_letters WHERE order_id = @o AND queue = 'notify-webhook' AND status = 'New'", new { o })));
                return rows.All(r => r is not null) && rows.Distinct().Count() == 1 ? rows[0] : null;
            }, f => f is not null, TimeSpan.FromSeconds(60), "one failure group of the three orders' webhooks");

        var page = await _browser.SignInAsync(AdminApi.OnCallKey);
        try
        {
            await page.GotoAsync("/dead-letters");
            await ConsoleBrowser.ScreenshotAsync(page, "dead-letters");
            await page.Locator($"tr[data-fingerprint='{fingerprint}'] a").ClickAsync();
            await page.WaitForURLAsync($"**/dead-letters/groups/{fingerprint}");
            // One cause, one group: another seller's webhook refused the same way (another test's) is in it too.
            var inGroup = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE fingerprint = @p1 AND status = 'New'", new { p1 = fingerprint! });
            Assert.True(inGroup >= 3, $"the group holds the three orders' dead letters: {inGroup}");
            Assert.Contains($"{inGroup} new", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Link, new() { Name = "Replay or discard this group (dry run first)" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
            Assert.Equal($"Would replay {inGroup} messages from 1 queue", (await page.Locator("#dry-run-result").InnerTextAsync()).Trim());
            // Nothing changed by the dry run.
            Assert.Equal(inGroup, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE fingerprint = @p1 AND status = 'New'", new { p1 = fingerprint! }));

            pipeline.Providers.FailWebhook(seller, times: 0, status: 200);
            await page.GetByLabel("Pace (messages per second)").FillAsync("20");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Replay {inGroup}" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/dead-letters/replay-jobs/\\d+$"));
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
            Assert.Equal(inGroup.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#job-progress").GetAttributeAsync("value"));
            Assert.Equal(inGroup.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#job-replayed").InnerTextAsync());

            foreach (var order in orders)
            {
                await Eventually.TrueAsync(() => Task.FromResult(Delivered(order) >= 1), TimeSpan.FromSeconds(30), $"{order}'s webhook delivered");
            }

            // Exactly once each: every order's dead letter replayed once, its webhook recorded as sent, and one delivery received.
            foreach (var order in orders)
            {
                Assert.Equal(1L, await pipeline.Database.ScalarAsync<long>(
                    "SELECT count(*) FROM dead_letters WHERE order_id = @order AND queue = 'notify-webhook' AND status = 'Replayed'", new { order }));
                await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
                    "SELECT status FROM notifications WHERE order_id = @order AND channel = 'webhook'", new { order }) == "Sent", TimeSpan.FromSeconds(30), $"{order}'s webhook recorded as sent");
                Assert.Equal(1, Delivered(order));
            }

            // The order's timeline, in time order: accepted, decided, its webhook's dead letter, then its replay and the webhook sent.
            using var answer = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Get, $"/admin/orders/{orders[0]}/timeline", AdminApi.OnCallKey));
            var timeline = await answer.Content.ReadFromJsonAsync<JsonElement>();
            var steps = timeline.GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("step").GetString()!).ToList();
            var deadLetter = steps.FindIndex(s => s.StartsWith("dead letter #", StringComparison.Ordinal) && s.EndsWith("from notify-webhook_error", StringComparison.Ordinal));
            var replayed = steps.FindIndex(s => s.StartsWith("dead letter #", StringComparison.Ordinal) && s.EndsWith(" replayed", StringComparison.Ordinal));
            var sent = steps.FindIndex(s => s == "notice webhook NewOrder");
            // (The replay's time is its job's transaction's: the notice it sent may be recorded a moment before it.)
            Assert.True(steps.Take(2).SequenceEqual(["accepted", "decided"]) && 1 < deadLetter && deadLetter < replayed && deadLetter < sent, string.Join(" | ", steps));
            Assert.Equal("Sent", timeline.GetProperty("hops")[sent].GetProperty("outcome").GetString());
            Assert.Equal("Workers.Business", timeline.GetProperty("hops")[1].GetProperty("process").GetString());

            // The console's order page shows the same hops.
            await page.GotoAsync($"/orders?orderId={orders[0]}");
            var rows = await page.Locator("#timeline tbody tr").AllInnerTextsAsync();
            Assert.Equal(steps.Count, rows.Count);
            Assert.Contains(rows, r => r.Contains("replayed", StringComparison.Ordinal) && r.Contains("Replayed", StringComparison.Ordinal));
        }
        finally
        {
            await ConsoleBrowser.ScreenshotAsync(page, nameof(On_call_replays_the_group_a_failing_seller_webhook_produced_and_each_webhook_arrives_once));
        }

        int Delivered(string orderId) => pipeline.Providers.ForOrder(orderId).Count(r => r.Path == $"/webhooks/{seller}" && r.Status is >= 200 and < 300);
    }

    [Fact]
    public async Task A_developer_flips_a_flag_with_a_reason_and_sees_every_instance_acknowledge()
    {
        const string Flag = OrderPipeline.Hosting.Flags.KnownFlags.PricingV2;
        var reason = "console test " + Guid.NewGuid().ToString("N")[..8];
        var page = await _browser.SignInAsync(DeveloperKey);
        try
        {
            await page.GotoAsync("/flags");
            await page.GetByRole(AriaRole.Link, new() { Name = Flag }).ClickAsync();
            await page.GetByLabel("on", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("Rollout percentage (empty: everyone)").FillAsync("0");
            await page.GetByLabel("Reason (required, goes to the history)").FillAsync(reason);
            await page.GetByLabel("I know this reaches every instance within seconds").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Flip {Flag}" }).ClickAsync();

            var version = await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<long>(
                "SELECT coalesce(max(version), 0) FROM feature_flag_changes WHERE name = @flag AND reason = @reason AND actor = 'dev-developer' AND new_enabled", new { flag = Flag, reason }),
                v => v > 0, TimeSpan.FromSeconds(10), "the flip in the history");
            var live = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM flag_instances WHERE heartbeat_at > now() - interval '3 seconds'");
            Assert.True(live >= 5, $"every host reports: {live}");
            // "7 of 7 instances applied version 12 in 0.8 s": every live instance, counted by the page itself.
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#flag-summary")).ToHaveTextAsync(
                new Regex($"^(\\d+) of \\1 instances applied version {version} in \\d+(\\.\\d+)? s$"), new() { Timeout = 15_000 });
            Assert.Equal("on", (await page.Locator("#flag-state").InnerTextAsync()).Trim());
            Assert.Contains(reason, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await ConsoleBrowser.ScreenshotAsync(page, nameof(A_developer_flips_a_flag_with_a_reason_and_sees_every_instance_acknowledge));
            using var restore = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Put, $"/admin/flags/{Flag}", DeveloperKey,
                new { enabled = false, reason = "console test done" }));
            restore.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_seller_sees_its_feed_update_and_a_delay_progress_to_done_and_gets_403_for_another_seller()
    {
        var (seller, product) = (OrderApi.Unique("shop"), OrderApi.Unique("kettle"));
        await pipeline.PutProductAsync(seller, product, 3000m, stock: 50);
        using var issued = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, $"/admin/sellers/{seller}/api-keys", PipelineFixture.SellerAdminKey));
        var key = (await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        var page = await _browser.SignInAsync(key, width: 390, height: 844);
        try
        {
            await page.WaitForURLAsync($"**/sellers/{seller}");
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#feed-state")).ToHaveTextAsync("live");
            Assert.Contains(product, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

            var order = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 2));
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#feed li", new() { HasText = $"order {order} confirmed" })).ToHaveCountAsync(1);

            // The webhook, set and test-sent from the page: the seller's endpoint gets one signed webhook.test.
            const string Secret = "seller-center-secret-0123";
            await page.GetByLabel("URL").FillAsync(pipeline.Providers.WebhookUrl(seller));
            await page.GetByLabel("Secret (16-256 characters)").FillAsync(Secret);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save webhook" }).ClickAsync();
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#center-message")).ToHaveTextAsync("Webhook saved.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send a test event" }).ClickAsync();
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#center-message")).ToContainTextAsync("Test event delivered: your endpoint answered 200");
            var test = Assert.Single(pipeline.Providers.Received, r => r.Path == $"/webhooks/{seller}" && r.EventType == "webhook.test");
            new StandardWebhooks.StandardWebhook(System.Text.Encoding.UTF8.GetBytes(Secret)).Verify(System.Text.Encoding.UTF8.GetString(test.Body), test.StandardHeaders);
            Assert.Equal(seller, test.Json.GetProperty("sellerId").GetString());

            await page.GetByLabel("Product").SelectOptionAsync(product);
            await page.GetByLabel("New ship date").FillAsync(DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByLabel("Reason (the shoppers read it)").FillAsync("Supplier is late");
            await page.GetByRole(AriaRole.Button, new() { Name = "Declare delay" }).ClickAsync();
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#center-message")).ToContainTextAsync("declared");
            var delayId = (await pipeline.Database.ScalarAsync<Guid>("SELECT delay_id FROM delays WHERE seller_id = @seller", new { seller })).ToString();
            var row = page.Locator($"tr[data-delay='{delayId}']");
            await Microsoft.Playwright.Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
            Assert.Equal("Done", await pipeline.Database.ScalarAsync<string>("SELECT state FROM delays WHERE delay_id = @p1", new { p1 = Guid.Parse(delayId) }));
            Assert.Equal("Delayed", await pipeline.Database.ScalarAsync<string>("SELECT status FROM orders WHERE order_id = @order", new { order }));

            await ConsoleBrowser.ScreenshotAsync(page, "seller-center");
            var other = await page.GotoAsync($"/sellers/{OrderApi.Unique("other")}");
            Assert.Equal((int)HttpStatusCode.Forbidden, other!.Status);
            var otherFeed = await page.Context.APIRequest.GetAsync($"/console/sellers/{OrderApi.Unique("other")}/events");
            Assert.Equal((int)HttpStatusCode.Forbidden, otherFeed.Status);
        }
        finally
        {
            await ConsoleBrowser.ScreenshotAsync(page, nameof(A_seller_sees_its_feed_update_and_a_delay_progress_to_done_and_gets_403_for_another_seller));
        }
    }

    [Fact]
    public async Task An_on_call_key_cannot_flip_flags_and_a_developer_key_cannot_replay()
    {
        var onCall = await _browser.SignInAsync(AdminApi.OnCallKey);
        var developer = await _browser.SignInAsync(DeveloperKey);
        try
        {
            Assert.Equal(403, (await onCall.GotoAsync("/flags/Notify.Send"))!.Status);
            var flip = await onCall.Context.APIRequest.PostAsync("/flags/Notify.Send", new()
            {
                Form = Form(onCall, ("enabled", "false"), ("reason", "should not"), ("confirmed", "true")),
            });
            Assert.Equal(403, flip.Status);
            Assert.DoesNotContain("Flags", await onCall.Locator("nav").InnerTextAsync(), StringComparison.Ordinal);

            Assert.Equal(403, (await developer.GotoAsync("/dead-letters/replay?fingerprint=abc&dryRun=true"))!.Status);
            var replay = await developer.Context.APIRequest.PostAsync("/dead-letters/replay?handler=Replay", new()
            {
                Form = Form(developer, ("fingerprint", "abc"), ("ratePerSecond", "10"), ("batchSize", "10")),
            });
            Assert.Equal(403, replay.Status);
            Assert.Equal(0L, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM feature_flag_changes WHERE reason = 'should not'"));
        }
        finally
        {
            await ConsoleBrowser.ScreenshotAsync(developer, nameof(An_on_call_key_cannot_flip_flags_and_a_developer_key_cannot_replay));
        }
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_refused_and_change_nothing()
    {
        var failed = await pipeline.FailedOrdersAsync(1, reason: "antiforgery-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await _browser.SignInAsync(AdminApi.OnCallKey);
        try
        {
            var note = "forged " + Guid.NewGuid().ToString("N")[..8];
            // A signed-in browser posting a form without the token (as another site's form would): refused, no note written.
            var forged = await page.Context.APIRequest.PostAsync($"/dead-letters/groups/{failed.Fingerprint}?handler=Note", new()
            {
                Form = Form(page, ("text", note)),
            });
            Assert.Equal(400, forged.Status);
            Assert.Equal(0L, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letter_notes WHERE text = @note", new { note }));

            // The same form from the page carries its token and goes through.
            await page.GotoAsync($"/dead-letters/groups/{failed.Fingerprint}");
            await page.GetByLabel("Add a note").FillAsync(note);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
            await Microsoft.Playwright.Assertions.Expect(page.Locator("main")).ToContainTextAsync(note);
            Assert.Equal(1L, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letter_notes WHERE text = @note AND author = 'dev-oncall'", new { note }));

            // Signing in and out are forms too.
            var signOut = await page.Context.APIRequest.PostAsync("/signout", new() { Form = Form(page) });
            Assert.Equal(400, signOut.Status);
        }
        finally
        {
            await ConsoleBrowser.ScreenshotAsync(page, nameof(Forms_without_an_antiforgery_token_are_refused_and_change_nothing));
        }
    }

    static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
