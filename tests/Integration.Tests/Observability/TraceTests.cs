namespace OrderPipeline.Integration.Tests.Observability;

/// <summary>
/// One order's spans, exported by the real hosts over OTLP to a receiver in this process, form one trace: the intake's request,
/// its publish, the business worker's consume, and the notify worker's notice, each the child of the one before; the decision batch
/// is a trace of its own that links to every order it decided, and each order's consume links back to it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class TraceTests(PipelineFixture pipeline)
{
    const int Server = 2;

    [Fact]
    public async Task One_order_is_one_trace_from_its_request_to_its_notice_and_its_batch_links_to_each_order()
    {
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var vhost = await TestVhost.CreateAsync();
        var seller = OrderApi.Unique("trace-seller");
        var product = OrderApi.Unique("trace-p");
        await pipeline.PutProductAsync(seller, product, 1000m, stock: 100);
        var env = otlp.HostEnvironment();
        env["RabbitMq__VirtualHost"] = vhost.Name;
        await using var intake = await pipeline.StartHostAsync("Intake.Api", env);
        await using var notify = await pipeline.StartHostAsync("Workers.Notify", env);
        using var http = new HttpClient { BaseAddress = intake.BaseAddress };

        // Queued before the business worker starts, so that they are decided in batches of several.
        var orders = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            orders.Add(await OrderApi.SubmitAsync(http, OrderApi.Order(OrderApi.Unique("trace-c"), product, 1, email: $"{OrderApi.Unique("trace")}@example.com")));
        }

        await using var business = await pipeline.StartHostAsync("Workers.Business", env);
        foreach (var orderId in orders)
        {
            await pipeline.AssertEmailSentOnceAsync(orderId);
        }

        // Every order's notice span has arrived (the hosts export every 100 ms).
        var spans = await Eventually.GetAsync(() => Task.FromResult(otlp.Spans), s => orders.All(o => s.Any(x => x.Name == "notify email" && OrderOf(x) == o)),
            TimeSpan.FromSeconds(30), "every order's notice span to be exported");
        var byId = spans.GroupBy(s => (s.TraceId, s.SpanId)).ToDictionary(g => g.Key, g => g.First());
        var batches = spans.Where(s => s.Name == "decide orders").ToList();
        Assert.NotEmpty(batches);

        foreach (var orderId in orders)
        {
            var notice = spans.Single(s => s.Name == "notify email" && OrderOf(s) == orderId);
            Assert.Equal("Workers.Notify", notice.Service);

            // From the notice up to the root, parent by parent, without leaving the trace.
            var chain = new List<ReceivedSpan> { notice };
            while (chain[^1].ParentSpanId.Length > 0)
            {
                Assert.True(byId.TryGetValue((notice.TraceId, chain[^1].ParentSpanId), out var parent),
                    $"order {orderId}: span '{chain[^1].Name}' ({chain[^1].Service}) has a parent not in its trace");
                chain.Add(parent!);
            }

            var root = chain[^1];
            Assert.Equal(("Intake.Api", Server), (root.Service, root.Kind));
            Assert.Equal(orderId, OrderOf(root));
            Assert.Contains(chain, s => s.Service == "Intake.Api" && s.Kind == 4); // its publish (producer)
            var consume = chain.First(s => s.Service == "Workers.Business"); // the notice's parent: the order's consume

            // The business worker's consume span and the batch that decided the order point at each other.
            var batch = batches.Single(b => b.Links.Contains(new ReceivedLink(consume.TraceId, consume.SpanId)));
            Assert.NotEqual(notice.TraceId, batch.TraceId);
            Assert.Contains(new ReceivedLink(batch.TraceId, batch.SpanId), consume.Links);
            // Its notice is linked to the batch message's consume, in the batch's trace.
            Assert.Contains(notice.Links, l => l.TraceId == batch.TraceId);
        }

        // At least one batch decided several of these orders, each in a trace of its own.
        Assert.Contains(batches, b => b.Links.Select(l => l.TraceId).Distinct().Count(t => orders.Any(o => spans.Any(s => s.TraceId == t && OrderOf(s) == o))) >= 2);
        // The batch's database work is in the batch's trace.
        Assert.Contains(spans, s => s.Service == "Workers.Business" && batches.Any(b => b.TraceId == s.TraceId) && s.Attributes.ContainsKey("db.system.name"));
    }

    [Fact]
    public async Task A_refused_notice_its_dead_letter_and_its_replay_stay_in_the_orders_trace()
    {
        // A database of its own too: the dead-letter workers of one database form one Quartz cluster, and the fixture's worker
        // (draining the fixture's vhost) could take every run of the mover.
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var vhost = await TestVhost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync();
        var product = OrderApi.Unique("trace-dl");
        var email = $"{OrderApi.Unique("trace-refused")}@example.com";
        pipeline.Providers.Fail(email, times: 100_000, status: 400, reason: "trace case: mailbox does not exist");
        var env = otlp.HostEnvironment();
        env["RabbitMq__VirtualHost"] = vhost.Name;
        env["ConnectionStrings__Pipeline"] = database.ConnectionString;
        var hosts = new List<HostProcess>();
        foreach (var project in new[] { "Workers.Business", "Workers.Notify", "Workers.DeadLetter", "Intake.Api", "Admin" })
        {
            hosts.Add(await pipeline.StartHostAsync(project, env));
        }

        try
        {
            using var http = new HttpClient { BaseAddress = hosts[3].BaseAddress };
            using var admin = new HttpClient { BaseAddress = hosts[4].BaseAddress };
            using var seller = new HttpClient { BaseAddress = hosts[3].BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", PipelineFixture.SellerAdminKey } } };
            (await seller.PutAsJsonAsync($"/sellers/{OrderApi.Unique("trace-seller")}/products/{product}",
                new { name = "Trace product", unitPrice = 1000m, currency = "KRW", stock = 10 })).EnsureSuccessStatusCode();
            // Accepted once the intake's catalogue has the product (a refused attempt changes nothing).
            var order = OrderApi.Order(OrderApi.Unique("trace-c"), product, 1, email: email);
            var orderId = await Eventually.GetAsync(async () =>
            {
                using var response = await OrderApi.PostAsync(http, order);
                return response.StatusCode == HttpStatusCode.Accepted
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()
                    : null;
            }, id => id is not null, TimeSpan.FromSeconds(10), "the order accepted") ?? throw new InvalidOperationException("no order id");
            var row = await Eventually.GetAsync(() => DeadLetterRows.FindAsync(database, orderId), r => r is not null, TimeSpan.FromSeconds(60),
                "the refused notice's dead letter");

            pipeline.Providers.Fail(email, times: 0, status: 200);
            using (var replay = await admin.SendAsync(AdminApi.Request(HttpMethod.Post, $"/admin/dead-letters/{row!.Id}/replay")))
            {
                Assert.True(replay.IsSuccessStatusCode, await replay.Content.ReadAsStringAsync());
            }

            await Eventually.TrueAsync(async () => await database.ScalarAsync<string>(
                "SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'email'", new { orderId }) == "Sent", TimeSpan.FromSeconds(60), "the replayed notice sent");
            var spans = await Eventually.GetAsync(() => Task.FromResult(otlp.Spans),
                s => s.Count(x => x.Name == "notify email" && OrderOf(x) == orderId) == 2 && s.Any(x => x.Name == "replay dead letter"),
                TimeSpan.FromSeconds(30), "the order's two notice spans and the replay's");

            var root = spans.Single(s => s.Service == "Intake.Api" && s.Kind == Server && OrderOf(s) == orderId);
            var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
            var notices = trace.Where(s => s.Name == "notify email").OrderBy(s => s.StartUnixNano).ToList();
            Assert.Equal(["Failed", "Sent"], notices.Select(n => n.Attributes["orderpipeline.outcome"]));
            var moved = Assert.Single(trace, s => s.Name == "dead letter");
            Assert.Equal("Workers.DeadLetter", moved.Service);
            var replayed = Assert.Single(trace, s => s.Name == "replay dead letter");
            Assert.Equal(("Admin", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (replayed.Service, replayed.Attributes["orderpipeline.dead_letter_id"]));
            // The replayed message's consume in the notify worker descends from the replay, and the notice it sent links to that consume.
            var byId = trace.ToDictionary(s => s.SpanId);
            var consumed = byId[Assert.Single(notices[1].Links, l => l.TraceId == root.TraceId).SpanId];
            Assert.Equal("Workers.Notify", consumed.Service);
            var ancestor = consumed;
            while (ancestor.SpanId != replayed.SpanId && byId.TryGetValue(ancestor.ParentSpanId, out var parent))
            {
                ancestor = parent;
            }

            Assert.Equal(replayed.SpanId, ancestor.SpanId);
        }
        finally
        {
            await Disposables.DisposeAllAsync([.. hosts]);
        }
    }

    static string? OrderOf(ReceivedSpan span) => span.Attributes.GetValueOrDefault("orderpipeline.order_id");
}
