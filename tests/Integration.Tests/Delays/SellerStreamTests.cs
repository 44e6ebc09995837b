using System.Net.ServerSentEvents;

namespace OrderPipeline.Integration.Tests.Delays;

/// <summary><c>GET /sellers/{id}/events</c> on the real pipeline: delay progress live, new orders, and resuming on another API instance.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SellerStreamTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_seller_watches_a_delay_live_and_resumes_on_another_instance_without_losing_events()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("melon");
        using var keyResponse = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, $"/admin/sellers/{seller}/api-keys", "dev-admin-key"));
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        (await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/products/{product}",
            new { name = "Melon", unitPrice = 9000m, currency = "KRW", stock = 10, shipDate = "2026-12-01" })).EnsureSuccessStatusCode();
        await pipeline.Database.ExecuteAsync("""
            WITH o AS (
                INSERT INTO orders (order_id, customer_id, seller_id, status, total, currency, contact_phone, request_hash, accepted_at, ship_date, created_at, updated_at)
                SELECT @p1 || '-' || i, 'c' || i, @seller, 'Confirmed', 9000, 'KRW', '+8210' || lpad(i::text, 8, '0'), 'h', now(), '2026-12-01', now(), now()
                FROM generate_series(1, 2000) AS i RETURNING order_id)
            INSERT INTO order_items (order_id, line_no, product_id, name, quantity, unit_price) SELECT order_id, 1, @product, 'Melon', 1, 9000 FROM o
            """, new { p1 = OrderApi.Unique("sse"), product, seller });

        await using (var first = new EventStream(pipeline.Http, $"/sellers/{seller}/events", key))
        {
            await first.UntilAsync(s => s.Of("stream.open").Count == 1, "the stream to open");
            using var declared = await pipeline.Http.SendAsync(AdminApi.Request(HttpMethod.Post, $"/sellers/{seller}/products/{product}/delays", key,
                new { newShipDate = "2026-12-15", reason = "Cold snap" }));
            Assert.Equal(HttpStatusCode.Accepted, declared.StatusCode);
            var delayId = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delayId").GetString();

            await first.UntilAsync(s => s.Of("delay.done").Count == 1, "the delay to be done on the stream");
            var started = Json(Assert.Single(first.Of("delay.started")));
            Assert.Equal(delayId, started.GetProperty("delayId").GetString());
            Assert.Equal("Cold snap", started.GetProperty("reason").GetString());
            // The totals once the last slice is marked (notices go out meanwhile).
            var marked = Json(Assert.Single(first.Of("delay.marked")));
            Assert.Equal((2000, 2000), (marked.GetProperty("affected").GetInt32(), marked.GetProperty("notices").GetInt32()));
            var done = Json(first.Of("delay.done")[0]);
            Assert.Equal(2000, done.GetProperty("notified").GetInt32());
            Assert.Equal(0, done.GetProperty("pending").GetInt32());
            Assert.Equal("Done", done.GetProperty("state").GetString());

            // Progress with counts, never two within 250 ms, in order: started, progress… (marked among them), done.
            var order = first.Items.Where(i => i.EventType != "stream.open").Select(i => i.EventType).ToList();
            Assert.Equal("delay.started", order[0]);
            Assert.Equal("delay.done", order[^1]);
            Assert.Equal(1, order.Count(t => t == "delay.marked"));
            var progress = first.Of("delay.progress").Select(Json).ToList();
            Assert.NotEmpty(progress);
            Assert.All(progress, p => Assert.InRange(p.GetProperty("notified").GetInt32(), 1, 2000));
            var times = progress.Select(p => p.GetProperty("at").GetDateTimeOffset()).ToList();
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(250), $"{pair.First:O} {pair.Second:O}"));
            var ids = first.Items.Where(i => i.EventType != "stream.open").Select(i => long.Parse(i.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        // Disconnected: meanwhile a shopper's order is confirmed. Reconnect to a second API instance with the last id seen.
        var lastSeen = await pipeline.Database.ScalarAsync<long>("SELECT max(id) FROM seller_events WHERE seller_id = @seller", new { seller });
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1));
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM seller_events WHERE seller_id = @seller AND type = 'order.confirmed'", new { seller }) == 1, TimeSpan.FromSeconds(30), "the order on the feed");
        var second = await pipeline.StartHostAsync("Intake.Api");
        using var secondHttp = new HttpClient { BaseAddress = second.BaseAddress };
        await using var resumed = new EventStream(secondHttp, $"/sellers/{seller}/events", key, lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await resumed.UntilAsync(s => s.Of("order.confirmed").Count == 1, "the missed order after resuming");
        Assert.Equal(orderId, Json(resumed.Of("order.confirmed")[0]).GetProperty("orderId").GetString());
        Assert.Empty(resumed.Of("delay.started")); // nothing from before the resume point

        // Live on the second instance: an event appended by a worker while connected reaches it too.
        var another = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1));
        await resumed.UntilAsync(s => s.Of("order.confirmed").Count == 2, "a live order on the second instance");
        Assert.Equal(another, Json(resumed.Of("order.confirmed")[1]).GetProperty("orderId").GetString());

        // Someone else's key gets nothing.
        using var foreign = await pipeline.Http.SendAsync(AdminApi.Request(HttpMethod.Get, $"/sellers/{seller}/events", "dev-seller-farm-key"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    static JsonElement Json(SseItem<string> item) => JsonDocument.Parse(item.Data).RootElement.Clone();
}
