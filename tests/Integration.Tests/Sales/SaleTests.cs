using System.Diagnostics;

namespace OrderPipeline.Integration.Tests.Sales;

/// <summary>Flash sales on the real broker and database: the sale lane, its pace, places in line, sold out at the door (ADR 9).</summary>
[Collection(PipelineCollection.Name)]
public sealed class SaleTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_seller_declares_reads_changes_and_ends_a_sale_and_bad_input_changes_nothing()
    {
        var (seller, product) = await ProductAsync(100);
        var (otherSeller, otherProduct) = await ProductAsync(100);
        var sale = OrderApi.Unique("sale");
        var starts = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Every missing field named; another seller's product refused; nothing stored either time.
        var (status, body) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["endsAt", "expectedPeakPerSecond", "productIds", "startsAt"], body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        (status, body) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}", Declaration([product, otherProduct], starts, 100));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(otherProduct, body.GetProperty("errors").GetProperty("productIds")[0].GetString(), StringComparison.Ordinal);
        (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}", Declaration([product], starts.AddDays(2), 100) with { EndsAt = starts.AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}", Declaration([product], starts, 0));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(0L, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM sales WHERE sale_id = @sale", new { sale }));

        // Declared (201), declared again (200), read back.
        (status, body) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}", Declaration([product], starts, 100));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Running", body.GetProperty("state").GetString());
        Assert.Equal(100, body.GetProperty("admissionPerSecond").GetInt32());
        Assert.Equal($"sale/{sale}", body.GetProperty("line").GetProperty("lane").GetString());
        (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}", Declaration([product], starts, 100));
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body) = await SendAsync(HttpMethod.Get, $"/sellers/{seller}/sales/{sale}");
        Assert.Equal((HttpStatusCode.OK, product), (status, body.GetProperty("productIds")[0].GetString()));

        // The id is the seller's; a product is in one sale at a time.
        (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{otherSeller}/sales/{sale}", Declaration([otherProduct], starts, 100));
        Assert.Equal(HttpStatusCode.Conflict, status);
        (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{OrderApi.Unique("sale")}", Declaration([product], starts, 100));
        Assert.Equal(HttpStatusCode.Conflict, status);
        (status, _) = await SendAsync(HttpMethod.Get, $"/sellers/{otherSeller}/sales/{sale}");
        Assert.Equal(HttpStatusCode.NotFound, status);

        // PATCH: a new pace, or none; a wrong type or nothing to change is a 400 and changes nothing.
        (status, body) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = 250 });
        Assert.Equal((HttpStatusCode.OK, 250), (status, body.GetProperty("admissionPerSecond").GetInt32()));
        (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = "fast" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(250, await pipeline.Database.ScalarAsync<int>("SELECT admission_per_second FROM sales WHERE sale_id = @sale", new { sale }));
        (status, body) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = (int?)null });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("admissionPerSecond").ValueKind);

        // DELETE ends it early; an ended sale is not changed, and it no longer holds its product.
        (status, body) = await SendAsync(HttpMethod.Delete, $"/sellers/{seller}/sales/{sale}");
        Assert.Equal((HttpStatusCode.OK, "Ended"), (status, body.GetProperty("state").GetString()));
        Assert.True(await pipeline.Database.ScalarAsync<bool>("SELECT ended_at IS NOT NULL FROM sales WHERE sale_id = @sale", new { sale }));
        (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = 5 });
        Assert.Equal(HttpStatusCode.Conflict, status);
        (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{OrderApi.Unique("sale")}", Declaration([product], starts, 100));
        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task Ordinary_orders_keep_their_latency_while_a_sale_line_is_hundreds_deep()
    {
        var (seller, product) = await ProductAsync(100_000);
        var ordinary = OrderApi.Unique("plain");
        await pipeline.PutProductAsync(seller, ordinary, 1000m, 100_000);
        var before = await OrdinaryLatenciesAsync(ordinary, 10);

        var sale = await SaleAsync(seller, [product], admission: 10);
        var line = await FloodAsync(product, 400);
        Assert.All(line, o => Assert.Equal($"sale/{sale}", o.Queue.GetProperty("lane").GetString()));

        var during = await OrdinaryLatenciesAsync(ordinary, 10);
        var waiting = 400 - await pipeline.Database.ScalarAsync<long>("SELECT decided FROM sales WHERE sale_id = @sale", new { sale });
        Assert.True(waiting > 200, $"the sale's line was still {waiting} deep (expected > 200 while the ordinary orders were decided)");
        // Decided as quickly as before the flood: within 1 s each, and the slowest within 1.5 times the slowest before (or 300 ms).
        Assert.All(during, l => Assert.True(l < TimeSpan.FromSeconds(1), $"an ordinary order took {l.TotalMilliseconds:F0} ms during the sale; before it: {string.Join(", ", before.Select(b => b.TotalMilliseconds.ToString("F0")))} ms"));
        Assert.True(during.Max() <= TimeSpan.FromMilliseconds(Math.Max(300, 1.5 * before.Max().TotalMilliseconds)),
            $"slowest ordinary order {during.Max().TotalMilliseconds:F0} ms during the sale against {before.Max().TotalMilliseconds:F0} ms before");
        Assert.Equal(0L, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders o JOIN order_items i USING (order_id) WHERE i.product_id = @ordinary AND o.sale_id IS NOT NULL", new { ordinary }));

        await DrainAsync(seller, sale, 400);
    }

    [Fact]
    public async Task The_sale_lane_is_decided_at_its_pace_and_a_new_pace_applies_within_two_seconds()
    {
        var (seller, product) = await ProductAsync(100_000);
        var sale = await SaleAsync(seller, [product], admission: 20);
        await FloodAsync(product, 1000);

        // 10 s at 20/s, measured on the order rows' decision times once the line is moving.
        var first = await Eventually.GetAsync(() => FirstDecidedAsync(sale), t => t is not null, TimeSpan.FromSeconds(30), "the first sale order decided");
        var from = first!.Value.AddSeconds(1);
        var atPace = await DecidedBetweenAsync(sale, from, from.AddSeconds(10));
        Assert.InRange(atPace, 180, 220);

        // 60/s from now: applied within 2 s, and held (±10 %) over the next 3 s.
        var changedAt = await pipeline.Database.ScalarAsync<DateTime>("SELECT clock_timestamp()");
        var (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = 60 });
        Assert.Equal(HttpStatusCode.OK, status);
        var changed = new DateTimeOffset(changedAt, TimeSpan.Zero);
        var faster = await DecidedBetweenAsync(sale, changed.AddSeconds(2), changed.AddSeconds(5));
        Assert.InRange(faster, 162, 198);

        // Down to 1/s (a slot reserved at that pace reaches a second ahead) and straight back up to 60/s: the new pace does not
        // wait for the slow slot to run out.
        (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = 1 });
        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<bool>("SELECT pace_next > clock_timestamp() + interval '0.5 s' FROM sales WHERE sale_id = @sale", new { sale }),
            TimeSpan.FromSeconds(5), "a slot reserved at 1/s");
        changed = new DateTimeOffset(await pipeline.Database.ScalarAsync<DateTime>("SELECT clock_timestamp()"), TimeSpan.Zero);
        (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = 60 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(await DecidedBetweenAsync(sale, changed.AddSeconds(1), changed.AddSeconds(3)), 102, 138);

        await DrainAsync(seller, sale, 1000);
        // First accepted, first decided: the line's places in the order they were decided.
        Assert.Equal(0L, await pipeline.Database.ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT lane_ticket, lag(lane_ticket) OVER (ORDER BY created_at, lane_ticket) AS before FROM orders WHERE sale_id = @sale) t
            WHERE before > lane_ticket + 32
            """, new { sale }));
    }

    [Fact]
    public async Task A_sale_order_is_shown_its_place_which_never_goes_up_and_is_0_once_decided()
    {
        var (seller, product) = await ProductAsync(100_000);
        var sale = await SaleAsync(seller, [product], admission: 5);
        var placed = new List<(string OrderId, JsonElement Queue)>();
        for (var i = 0; i < 25; i++)
        {
            placed.Add(await SaleOrderAsync(product));
        }

        // The 202s: every place present and consistent; one intake, one at a time: each later than the one before.
        foreach (var (_, queue) in placed)
        {
            Assert.True(queue.GetProperty("position").GetInt64() >= 1);
            Assert.Equal(queue.GetProperty("position").GetInt64() - 1, queue.GetProperty("ahead").GetInt64());
            Assert.InRange(queue.GetProperty("estimatedWaitSeconds").GetInt32(), 0, 10);
        }

        Assert.True(placed[^1].Queue.GetProperty("position").GetInt64() > placed[0].Queue.GetProperty("position").GetInt64());

        // The last in line, watched until decided: its position only falls, and is 0 once it is.
        var (last, _) = placed[^1];
        var seen = new List<long>();
        var decided = await Eventually.GetAsync(async () =>
        {
            var order = await OrderApi.GetAsync(pipeline.Http, last);
            seen.Add(order.GetProperty("queue").GetProperty("position").GetInt64());
            return order;
        }, o => o.GetProperty("status").GetString() == "Confirmed", TimeSpan.FromSeconds(30), "the last order of the line decided");
        Assert.Equal(0, decided.GetProperty("queue").GetProperty("position").GetInt64());
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.True(seen.Count(p => p > 0) > 1 && seen.Distinct().Count() > 2, $"positions seen: {string.Join(", ", seen)}");

        // Decided in the order they were accepted: as ADR 3 says, two deliveries microseconds apart may swap (the consumer runs
        // messages concurrently; a cold worker's first message is slower to reach the line), no order passes one further ahead.
        var tickets = await TicketsInDecisionOrderAsync(sale);
        Assert.True(tickets.Select((t, i) => t >= tickets.Take(i + 1).Max() - 1).All(x => x), await pipeline.Database.ScalarAsync<string>(
            "SELECT string_agg(lane_ticket || '@' || to_char(created_at, 'SS.MS') || '/' || to_char(accepted_at, 'SS.MS'), ' ' ORDER BY created_at, lane_ticket) FROM orders WHERE sale_id = @sale", new { sale }));
    }

    [Fact]
    public async Task Any_intake_instance_shows_a_waiting_order_its_place_from_the_address_the_202_gave()
    {
        var (seller, product) = await ProductAsync(100);
        var sale = await SaleAsync(seller, [product], admission: 1);
        string? last = null;
        Uri? location = null;
        for (var i = 0; i < 15; i++)
        {
            using var response = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString()!;
            location = response.Headers.Location;
        }

        Assert.StartsWith($"/orders/{last}?place={sale}.", location!.ToString(), StringComparison.Ordinal);

        // Another instance never handed out that place: from the bare address it cannot say, from the 202's address it can.
        var other = await pipeline.StartHostAsync("Intake.Api");
        using var http = new HttpClient { BaseAddress = other.BaseAddress };
        var bare = await OrderApi.GetAsync(http, last!);
        using var placed = await http.GetAsync(location);
        var shown = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        if (shown.GetProperty("status").GetString() == "Accepted")
        {
            Assert.True(shown.GetProperty("queue").GetProperty("position").GetInt64() >= 1, shown.ToString());
        }

        if (bare.GetProperty("status").GetString() == "Accepted")
        {
            Assert.False(bare.TryGetProperty("queue", out _));
        }

        using var bad = await http.GetAsync($"/orders/{last}?place=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("place", out _));
        await other.DisposeAsync();
        await DrainAsync(seller, sale, 15);
    }

    [Fact]
    public async Task A_sold_out_sale_product_is_refused_at_the_door_without_queueing_and_a_restock_reopens_it()
    {
        var (seller, product) = await ProductAsync(5);
        var sale = await SaleAsync(seller, [product], admission: null);
        for (var i = 0; i < 5; i++)
        {
            var (orderId, _) = await SaleOrderAsync(product);
            await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
        }

        // Stock 0: within a second every new order for it is 409 sold out, answered at once.
        // (Until the intake has read the stock, orders are still queued, and rejected in turn as out of stock.)
        var soldOutAt = Stopwatch.StartNew();
        var queuedMeanwhile = 0;
        var refused = await Eventually.GetAsync(async () =>
        {
            using var response = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
            queuedMeanwhile += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            return (response.StatusCode, Type: response.Content.Headers.ContentType?.MediaType, Body: await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode != HttpStatusCode.Accepted, TimeSpan.FromSeconds(5), "the sold-out answer");
        Assert.True(soldOutAt.Elapsed < TimeSpan.FromSeconds(1), $"sold out learned after {soldOutAt.ElapsedMilliseconds} ms");
        Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (refused.StatusCode, refused.Type));
        var problem = JsonDocument.Parse(refused.Body).RootElement;
        Assert.Equal("urn:orderpipeline:problem:sold-out", problem.GetProperty("type").GetString());
        Assert.Equal(product, problem.GetProperty("productId").GetString());
        for (var i = 0; i < 20; i++)
        {
            using var again = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // Restocked: the door reopens within a second, and the order is decided.
        await pipeline.PutProductAsync(seller, product, 1000m, 2);
        var reopened = await Eventually.GetAsync(async () =>
        {
            using var response = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(2), "the door reopened");
        var reopenedId = JsonDocument.Parse(reopened.Body).RootElement.GetProperty("orderId").GetString()!;
        await OrderApi.WaitForStatusAsync(pipeline.Http, reopenedId, "Confirmed");

        // Nothing of the refused was queued: the lane is first in, first out, so anything queued before the reopened order would
        // have been decided (rejected, out of stock) before it. Only the five, those queued before the door closed, and the one.
        Assert.Equal(6L + queuedMeanwhile, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM order_items WHERE product_id = @product", new { product }));
        Assert.Equal(6L + queuedMeanwhile, await pipeline.Database.ScalarAsync<long>("SELECT decided FROM sales WHERE sale_id = @sale", new { sale }));
        Assert.Equal(queuedMeanwhile, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orders o JOIN order_items i USING (order_id) WHERE i.product_id = @product AND o.rejection_reason = 'OutOfStock'", new { product }));
    }

    [Fact]
    public async Task Ending_a_sale_sends_its_products_back_to_the_ordinary_lane()
    {
        var (seller, product) = await ProductAsync(100);
        var sale = await SaleAsync(seller, [product], admission: 1000);
        var (inSale, queue) = await SaleOrderAsync(product);
        Assert.Equal($"sale/{sale}", queue.GetProperty("lane").GetString());
        var (status, _) = await SendAsync(HttpMethod.Delete, $"/sellers/{seller}/sales/{sale}");
        Assert.Equal(HttpStatusCode.OK, status);

        using var response = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(body.TryGetProperty("queue", out _));
        var after = body.GetProperty("orderId").GetString()!;
        await OrderApi.WaitForStatusAsync(pipeline.Http, inSale, "Confirmed");
        var ordinary = await OrderApi.WaitForStatusAsync(pipeline.Http, after, "Confirmed");
        Assert.False(ordinary.TryGetProperty("queue", out _));
        Assert.Equal(sale, await pipeline.Database.ScalarAsync<string>("SELECT sale_id FROM orders WHERE order_id = @inSale", new { inSale }));
        Assert.True(await pipeline.Database.ScalarAsync<bool>("SELECT sale_id IS NULL FROM orders WHERE order_id = @after", new { after }));
    }

    [Fact]
    public async Task The_scaling_plan_sizes_each_deployment_for_a_known_sale_and_opctl_prints_valid_KEDA_objects()
    {
        var (seller, product) = await ProductAsync(100);
        var sale = OrderApi.Unique("sale");
        var starts = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(3).Date, TimeSpan.Zero).AddHours(DateTimeOffset.UtcNow.AddHours(3).Hour).AddMinutes(30);
        var (status, _) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}",
            new SaleBody([product], starts, starts.AddHours(2), 9000, 2000));
        Assert.Equal(HttpStatusCode.Created, status);

        var plan = await pipeline.JsonAsync(HttpMethod.Get, "/admin/scaling/plan");
        var entry = plan.GetProperty("sales").EnumerateArray().Single(s => s.GetProperty("saleId").GetString() == sale);
        Assert.Equal("Scheduled", entry.GetProperty("state").GetString());
        Assert.Equal(starts.AddHours(-1), entry.GetProperty("scaleFrom").GetDateTimeOffset());
        var replicas = entry.GetProperty("lanes").EnumerateArray().ToDictionary(l => l.GetProperty("deployment").GetString()!, l => l.GetProperty("replicas").GetInt32());
        // Baseline 1 + ⌈9,000 / 4,400⌉ intakes; the workers by the 2,000/s admitted: 1 + ⌈2,000 / 4,300⌉ and 1 + ⌈2,000 / 2,800⌉.
        Assert.Equal(new Dictionary<string, int> { ["intake-api"] = 4, ["workers-business"] = 2, ["workers-notify"] = 2 }, replicas);

        var (code, yaml, error) = await pipeline.OpctlAsync(AdminApi.OnCallKey, "scaling", "keda", "--namespace", "shop");
        Assert.True(code == 0, error);
        var start = starts.AddHours(-1);
        Assert.Contains($"start: \"{start.Minute} {start.Hour} {start.Day} {start.Month} *\"", yaml, StringComparison.Ordinal);
        Assert.Contains("desiredReplicas: \"4\"", yaml, StringComparison.Ordinal);
        var (valid, report) = await ValidateManifestsAsync(yaml);
        Assert.True(valid, report);
        // The validator does fail: a ScaledObject without a target is refused.
        var (broken, _) = await ValidateManifestsAsync(yaml.Replace("  scaleTargetRef:\n    name: workers-notify\n", "", StringComparison.Ordinal));
        Assert.False(broken);

        // The surge signal: every intake's accept rate by lane, as the broker counts what is published to each lane's queue.
        for (var i = 0; i < 5; i++)
        {
            await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
        }

        var signal = await Eventually.GetAsync(() => pipeline.JsonAsync(HttpMethod.Get, "/admin/scaling/signal"),
            s => s.GetProperty("lanes").GetProperty("orders").GetDouble() > 0, TimeSpan.FromSeconds(30), "the accept rate of the ordinary lane");
        Assert.True(signal.GetProperty("acceptPerSecond").GetDouble() >= signal.GetProperty("lanes").GetProperty("orders").GetDouble());
        Assert.False(signal.GetProperty("surge").GetBoolean());
        (status, _) = await SendAsync(HttpMethod.Delete, $"/sellers/{seller}/sales/{sale}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    sealed record SaleBody(string[] ProductIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int ExpectedPeakPerSecond, int? AdmissionPerSecond);

    static SaleBody Declaration(string[] products, DateTimeOffset starts, int admission) => new(products, starts, starts.AddHours(1), 1000, admission);

    async Task<(string Seller, string Product)> ProductAsync(int stock)
    {
        var seller = OrderApi.Unique("shop");
        var product = OrderApi.Unique("deal");
        await pipeline.PutProductAsync(seller, product, 1000m, stock);
        return (seller, product);
    }

    /// <summary>A running sale of <paramref name="products"/>, routed by the intake before this returns (its own instance applies it at once).</summary>
    async Task<string> SaleAsync(string seller, string[] products, int? admission)
    {
        var sale = OrderApi.Unique("sale");
        var (status, body) = await SendAsync(HttpMethod.Put, $"/sellers/{seller}/sales/{sale}",
            new SaleBody(products, DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1), 1000, admission));
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return sale;
    }

    async Task<(string OrderId, JsonElement Queue)> SaleOrderAsync(string product)
    {
        using var response = await OrderApi.PostAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        return (body.GetProperty("orderId").GetString()!, body.GetProperty("queue"));
    }

    /// <summary><paramref name="count"/> sale orders, 16 at a time.</summary>
    async Task<List<(string OrderId, JsonElement Queue)>> FloodAsync(string product, int count)
    {
        var placed = new List<(string, JsonElement)>();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var order = await SaleOrderAsync(product);
                lock (placed)
                {
                    placed.Add(order);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return placed;
    }

    /// <summary>Ordinary orders one after another: each one's time from its acceptance to its decision, from its row.</summary>
    async Task<List<TimeSpan>> OrdinaryLatenciesAsync(string product, int count)
    {
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
            await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
            latencies.Add(TimeSpan.FromMilliseconds(await pipeline.Database.ScalarAsync<double>(
                "SELECT extract(epoch FROM created_at - accepted_at) * 1000 FROM orders WHERE order_id = @orderId", new { orderId })));
        }

        return latencies;
    }

    /// <summary>Lifts the pace and waits for the whole line to be decided, so the next test starts with an empty lane.</summary>
    async Task DrainAsync(string seller, string sale, int count)
    {
        var (status, _) = await SendAsync(HttpMethod.Patch, $"/sellers/{seller}/sales/{sale}", new { admissionPerSecond = (int?)null });
        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE sale_id = @sale", new { sale }) == count,
            TimeSpan.FromSeconds(60), $"all {count} orders of sale {sale} decided");
    }

    async Task<DateTimeOffset?> FirstDecidedAsync(string sale) =>
        await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE sale_id = @sale", new { sale }) > 0
            ? new DateTimeOffset(await pipeline.Database.ScalarAsync<DateTime>("SELECT min(created_at) FROM orders WHERE sale_id = @sale", new { sale }), TimeSpan.Zero)
            : null;

    /// <summary>Sale orders decided in [from, to): waits until <paramref name="to"/> has passed on the database's clock.</summary>
    async Task<long> DecidedBetweenAsync(string sale, DateTimeOffset from, DateTimeOffset to)
    {
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<bool>("SELECT clock_timestamp() > @p1", new { p1 = to.AddMilliseconds(300) }),
            TimeSpan.FromSeconds(30), $"the window to {to:HH:mm:ss.fff} to pass");
        return await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE sale_id = @sale AND created_at >= @from AND created_at < @to", new { sale, from, to });
    }

    async Task<List<long>> TicketsInDecisionOrderAsync(string sale)
    {
        var tickets = await pipeline.Database.ScalarAsync<long[]>("SELECT array_agg(lane_ticket ORDER BY created_at, lane_ticket) FROM orders WHERE sale_id = @sale", new { sale });
        return [.. tickets];
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await pipeline.Sellers.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    static async Task<(bool Valid, string Report)> ValidateManifestsAsync(string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"keda-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(OrderPipeline.Tests.Shared.Repository.Root, "tools", "manifests", "validate.mjs"), file])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            return (node.ExitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
