using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Delays;

/// <summary>Seller delays on the real broker and database, at 2,000 orders.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DelayTests(PipelineFixture pipeline)
{
    const int Orders = 2000;

    [Fact]
    public async Task A_delay_marks_every_open_order_of_the_product_and_tells_each_shopper_exactly_once()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("peach");
        var other = OrderApi.Unique("plum");
        var key = await SellerKeyAsync(seller);
        await PutProductAsync(seller, product, "2026-12-01");
        await PutProductAsync(seller, other, "2026-12-01");

        // A real order through the pipeline copies the product's ship date.
        var live = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, phone: "+821055550000"));
        var confirmed = await OrderApi.WaitForStatusAsync(pipeline.Http, live, "Confirmed");
        Assert.Equal("2026-12-01", confirmed.GetProperty("shipDate").GetString());

        // 2,000 confirmed orders bulk-loaded (half with a phone, half e-mail only), and some that must stay untouched.
        var prefix = OrderApi.Unique("d");
        await SeedAsync(prefix + "-open", product, "Confirmed", Orders);
        await SeedAsync(prefix + "-rejected", product, "Rejected", 5);
        await SeedAsync(prefix + "-shipped", product, "Shipped", 5);
        await SeedAsync(prefix + "-other", other, "Confirmed", 5);

        var (status, delay, location) = await DeclareAsync(key, seller, product, "2026-12-09", "Rain delayed the harvest");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var delayId = delay.GetProperty("delayId").GetGuid();
        Assert.Equal($"/sellers/{seller}/delays/{delayId}", location);
        var done = await WaitDoneAsync(key, location!);
        Assert.Equal(Orders + 1, done.GetProperty("affected").GetInt32());
        Assert.Equal(Orders + 1, done.GetProperty("notices").GetInt32());
        Assert.Equal(Orders + 1, done.GetProperty("notified").GetInt32());
        Assert.Equal(0, done.GetProperty("failed").GetInt32());
        Assert.Equal(0, done.GetProperty("pending").GetInt32());

        // Data: every open order Delayed with the new date and reason; the rest untouched.
        Assert.Equal(Orders, await CountAsync("SELECT count(*) FROM orders WHERE order_id LIKE @p1 AND status = 'Delayed' AND ship_date = '2026-12-09' AND delay_reason = 'Rain delayed the harvest' AND delay_id = @delayId", new { p1 = prefix + "-open%", delayId }));
        Assert.Equal(5, await CountAsync("SELECT count(*) FROM orders WHERE order_id LIKE @p1 AND status = 'Rejected' AND delay_id IS NULL", new { p1 = prefix + "-rejected%" }));
        Assert.Equal(5, await CountAsync("SELECT count(*) FROM orders WHERE order_id LIKE @p1 AND status = 'Shipped' AND delay_id IS NULL AND ship_date = '2026-12-01'", new { p1 = prefix + "-shipped%" }));
        Assert.Equal(5, await CountAsync("SELECT count(*) FROM orders WHERE order_id LIKE @p1 AND status = 'Confirmed' AND ship_date = '2026-12-01'", new { p1 = prefix + "-other%" }));
        var shown = await OrderApi.GetAsync(pipeline.Http, live);
        Assert.Equal("Delayed", shown.GetProperty("status").GetString());
        Assert.Equal("2026-12-09", shown.GetProperty("shipDate").GetString());
        Assert.Equal("Rain delayed the harvest", shown.GetProperty("delayReason").GetString());

        // The gateway got one notice per order, by bulk requests, texts to phones and e-mails to the rest.
        var notices = Notices(delayId);
        Assert.Equal(Orders + 1, notices.Count);
        Assert.Equal(Orders + 1, notices.Select(n => n.IdempotencyKey).Distinct().Count());
        Assert.Equal(Orders / 2 + 1, notices.Count(n => n.IdempotencyKey.EndsWith(":sms", StringComparison.Ordinal)));
        Assert.Contains("will now ship on 2026-12-09: Rain delayed the harvest", notices[0].Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        // Recorded per chunk (texts and e-mails in separate chunks of at most 100 here), each sent once.
        Assert.Equal(Orders + 1, await CountAsync("SELECT sum(cardinality(order_ids)) FROM delay_chunks WHERE delay_id = @delayId AND status = 'Sent' AND attempts = 1", new { delayId }));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM delay_chunks WHERE delay_id = @delayId AND (cardinality(order_ids) > 100 OR channel <> CASE WHEN recipients[1] LIKE '+%' THEN 'sms' ELSE 'email' END)", new { delayId }));
        var notice = Assert.Single((await OrderApi.GetAsync(pipeline.Http, live)).GetProperty("notifications").EnumerateArray(), n => n.GetProperty("kind").GetString() == "Delayed");
        Assert.Equal(("sms", "Sent"), (notice.GetProperty("channel").GetString(), notice.GetProperty("status").GetString()));

        // Declared again, and the same chunk and announcement redelivered: the same delay, nothing sent twice.
        var (again, same, _) = await DeclareAsync(key, seller, product, "2026-12-09", "Rain delayed the harvest");
        Assert.Equal(HttpStatusCode.Accepted, again);
        Assert.Equal(delayId, same.GetProperty("delayId").GetGuid());
        await pipeline.PublishAsync(new DelayNoticeChunk
        {
            DelayId = delayId, SellerId = seller, ProductId = product, NewShipDate = new DateOnly(2026, 12, 9), Reason = "Rain delayed the harvest", Chunk = 0,
        });
        await pipeline.PublishAsync(new DelayDeclared
        {
            DelayId = delayId, SellerId = seller, ProductId = product, NewShipDate = new DateOnly(2026, 12, 9), Reason = "Rain delayed the harvest", DeclaredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => Task.FromResult(pipeline.CountLines($"Delay {delayId} of {product}") >= 2), TimeSpan.FromSeconds(20), "the redelivered announcement handled");

        // A second, later delay: a second notice for each order (and the redelivered chunk above has been handled before its chunks).
        var (_, second, secondLocation) = await DeclareAsync(key, seller, product, "2026-12-20", "Still raining");
        var secondId = second.GetProperty("delayId").GetGuid();
        Assert.NotEqual(delayId, secondId);
        Assert.Equal(Orders + 1, (await WaitDoneAsync(key, secondLocation!)).GetProperty("notified").GetInt32());
        Assert.Equal(Orders + 1, Notices(delayId).Count);
        Assert.Equal(Orders + 1, Notices(secondId).Count);
        Assert.Equal(Orders, await DelayedAsync(prefix + "-open%", "2026-12-20", secondId));
    }

    [Fact]
    public async Task Delays_need_the_sellers_own_key_a_reason_a_date_and_their_product()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("pear");
        var key = await SellerKeyAsync(seller);
        var otherKey = await SellerKeyAsync(OrderApi.Unique("farm"));
        await PutProductAsync(seller, product, "2026-12-01");
        var before = await CountAsync("SELECT count(*) FROM delays WHERE product_id = @product", new { product });

        Assert.Equal(HttpStatusCode.Unauthorized, (await DeclareAsync(null, seller, product, "2026-12-09", "x")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeclareAsync("sk_nope", seller, product, "2026-12-09", "x")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeclareAsync(otherKey, seller, product, "2026-12-09", "x")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeclareAsync(AdminApi.OnCallKey, seller, product, "2026-12-09", "x")).Status);
        var (noReason, problem, _) = await DeclareAsync(key, seller, product, "2026-12-09", "");
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await DeclareAsync(key, seller, product, null, "x")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await DeclareAsync(key, seller, product, "2026-13-45", "x")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await DeclareAsync(key, seller, product, "2026-12-09", new string('x', 501))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await DeclareAsync(key, seller, OrderApi.Unique("nope"), "2026-12-09", "x")).Status);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM delays WHERE product_id = @product", new { product }));

        using var missing = await SendAsync(HttpMethod.Get, $"/sellers/{seller}/delays/{Guid.NewGuid()}", key);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_delay_can_target_orders_placed_in_a_range_or_by_their_ship_date_and_leaves_the_rest_and_the_product_alone()
    {
        var (seller, product, key) = await SellerWithProductAsync("corn");
        var prefix = OrderApi.Unique("t");
        // Placed on 1, 2 and 3 November (UTC), 20 orders a day; the 3 November ones ship on 5 December.
        await SeedAtAsync(prefix + "-nov01", product, 20, "2026-11-01T10:00:00Z", "2026-12-01");
        await SeedAtAsync(prefix + "-nov02", product, 20, "2026-11-02T10:00:00Z", "2026-12-01");
        await SeedAtAsync(prefix + "-nov03", product, 20, "2026-11-03T10:00:00Z", "2026-12-05");

        // Bad ranges: 400, nothing stored.
        var before = await CountAsync("SELECT count(*) FROM delays WHERE product_id = @product", new { product });
        var (backwards, problem, _) = await DeclareAsync(key, seller, product, "2026-12-09", "x",
            new { placedFrom = "2026-11-03T00:00:00Z", placedBefore = "2026-11-02T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards);
        Assert.True(problem.GetProperty("errors").TryGetProperty("placedBefore", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await DeclareAsync(key, seller, product, "2026-12-09", "x",
            new { shipDateFrom = "2026-12-06", shipDateTo = "2026-12-05" })).Status);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM delays WHERE product_id = @product", new { product }));

        // Placed on 2 November (Korean time: 09:00 on the 2nd to 09:00 on the 3rd is 00:00-24:00 UTC).
        var (status, placed, location) = await DeclareAsync(key, seller, product, "2026-12-09", "Storm on the 2nd's batch",
            new { placedFrom = "2026-11-02T09:00:00+09:00", placedBefore = "2026-11-03T09:00:00+09:00" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("2026-11-02T00:00:00+00:00", placed.GetProperty("targets").GetProperty("placedFrom").GetString());
        var done = await WaitDoneAsync(key, location!);
        Assert.Equal((20, 20), (done.GetProperty("affected").GetInt32(), done.GetProperty("notified").GetInt32()));
        var placedId = placed.GetProperty("delayId").GetGuid();
        Assert.Equal(20, await DelayedAsync(prefix + "-nov02%", "2026-12-09", placedId));
        Assert.Equal(40, await CountAsync("SELECT count(*) FROM orders WHERE order_id LIKE @p1 AND status = 'Confirmed' AND delay_id IS NULL", new { p1 = prefix + "%" }));
        Assert.Equal(20, Notices(placedId).Count);
        Assert.All(Notices(placedId), n => Assert.StartsWith(prefix + "-nov02", n.IdempotencyKey, StringComparison.Ordinal));

        // Orders whose ship date is 5 December (the 3 November ones), whenever placed.
        var (_, byDate, dateLocation) = await DeclareAsync(key, seller, product, "2026-12-12", "The late field",
            new { shipDateFrom = "2026-12-05", shipDateTo = "2026-12-05" });
        Assert.Equal(20, (await WaitDoneAsync(key, dateLocation!)).GetProperty("notified").GetInt32());
        var byDateId = byDate.GetProperty("delayId").GetGuid();
        Assert.Equal(20, await DelayedAsync(prefix + "-nov03%", "2026-12-12", byDateId));
        Assert.Equal(20, await CountAsync("SELECT count(*) FROM orders WHERE order_id LIKE @p1 AND status = 'Confirmed' AND ship_date = '2026-12-01'", new { p1 = prefix + "-nov01%" }));
        Assert.Equal(20, Notices(byDateId).Count);

        // A targeted delay moves some orders, not the product: a new order still gets the product's date.
        Assert.Equal("2026-12-01", await pipeline.Database.ScalarAsync<string>("SELECT ship_date::text FROM products WHERE product_id = @product", new { product }));
        // The same targeted delay declared again is the same delay; another range is another.
        var (_, again, _) = await DeclareAsync(key, seller, product, "2026-12-09", "Storm on the 2nd's batch",
            new { placedFrom = "2026-11-02T00:00:00Z", placedBefore = "2026-11-03T00:00:00Z" });
        Assert.Equal(placedId, again.GetProperty("delayId").GetGuid());
        Assert.Equal(20, Notices(placedId).Count);
    }

    [Fact]
    public async Task A_wrong_delay_is_corrected_once_per_shopper_and_the_orders_and_product_show_the_corrected_date()
    {
        var (seller, product, key) = await SellerWithProductAsync("grape");
        var prefix = OrderApi.Unique("c");
        await SeedAsync(prefix + "-open", product, "Confirmed", 300);
        var live = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, phone: "+821055550001"));
        await OrderApi.WaitForStatusAsync(pipeline.Http, live, "Confirmed");
        var (_, delay, location) = await DeclareAsync(key, seller, product, "2026-12-30", "Frost");
        var delayId = delay.GetProperty("delayId").GetGuid();
        await WaitDoneAsync(key, location!);
        // One order ships meanwhile: a correction leaves it alone.
        var shipped = prefix + "-open-000001";
        await pipeline.Database.ExecuteAsync("UPDATE orders SET status = 'Shipped' WHERE order_id = @shipped", new { shipped });

        // Bad corrections: 400/404, nothing stored.
        var delays = await CountAsync("SELECT count(*) FROM delays WHERE product_id = @product", new { product });
        Assert.Equal(HttpStatusCode.BadRequest, (await CorrectAsync(key, seller, delayId, new { newShipDate = "2026-12-30" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CorrectAsync(key, seller, delayId, new { reason = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CorrectAsync(key, seller, delayId, new { newShipDate = "2026-12-10", reason = new string('x', 501) })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CorrectAsync(key, seller, Guid.NewGuid(), new { newShipDate = "2026-12-10" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await CorrectAsync(await SellerKeyAsync(OrderApi.Unique("farm")), seller, delayId, new { newShipDate = "2026-12-10" })).Status);
        Assert.Equal(delays, await CountAsync("SELECT count(*) FROM delays WHERE product_id = @product", new { product }));
        // A delay still telling its shoppers (here: texts deferred to the morning) cannot be corrected yet: the correction
        // would reach them before what it corrects.
        var telling = Guid.CreateVersion7();
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delays (delay_id, seller_id, product_id, new_ship_date, reason, state, affected, notices, notified, failed, deferred, next_chunk, group_by_shopper, created_at)
            VALUES (@telling, @seller, @product, '2026-12-31', 'Frost again', 'Fanning out', 10, 10, 4, 0, 6, 1, false, now())
            """, new { telling, seller, product });
        var (early, earlyProblem, _) = await CorrectAsync(key, seller, telling, new { newShipDate = "2026-12-10" });
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("6 notices not sent yet (6 deferred", earlyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM delays WHERE corrects = @telling", new { telling }));
        await pipeline.Database.ExecuteAsync("DELETE FROM delays WHERE delay_id = @telling", new { telling });

        // The frost was a typo: 10 December. Each shopper still waiting is told once; the orders and the product show it.
        var (status, correction, correctionLocation) = await CorrectAsync(key, seller, delayId, new { newShipDate = "2026-12-10" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        var correctionId = correction.GetProperty("delayId").GetGuid();
        Assert.Equal(delayId, correction.GetProperty("corrects").GetGuid());
        Assert.Equal("Frost", correction.GetProperty("reason").GetString());
        var done = await WaitDoneAsync(key, correctionLocation!);
        Assert.Equal((300, 300), (done.GetProperty("affected").GetInt32(), done.GetProperty("notified").GetInt32()));
        Assert.Equal(299, await DelayedAsync(prefix + "%", "2026-12-10", correctionId));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM orders WHERE order_id = @shipped AND status = 'Shipped' AND ship_date = '2026-12-30'", new { shipped }));
        Assert.Equal("2026-12-10", await pipeline.Database.ScalarAsync<string>("SELECT ship_date::text FROM products WHERE product_id = @product", new { product }));
        var told = pipeline.Providers.Received.Where(r => r.IdempotencyKey.Contains($":DelayCorrected:{correctionId:N}:", StringComparison.Ordinal)).ToList();
        Assert.Equal(300, told.Count);
        Assert.Equal(300, told.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.DoesNotContain(told, r => r.IdempotencyKey.StartsWith(shipped + ":", StringComparison.Ordinal));
        Assert.Contains("will now ship on 2026-12-10, not 2026-12-30 as we told you: Frost", told[0].Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        var order = await OrderApi.GetAsync(pipeline.Http, live);
        Assert.Equal("2026-12-10", order.GetProperty("shipDate").GetString());
        Assert.Equal(["DelayCorrected", "Delayed"], order.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("kind").GetString()!)
            .Where(k => k.StartsWith("Delay", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());

        // Sent again (a retry by the seller): the same correction, nobody told twice.
        var (again, same, _) = await CorrectAsync(key, seller, delayId, new { newShipDate = "2026-12-10" });
        Assert.Equal(HttpStatusCode.Accepted, again);
        Assert.Equal(correctionId, same.GetProperty("delayId").GetGuid());
        Assert.Equal(300, pipeline.Providers.Received.Count(r => r.IdempotencyKey.Contains($":DelayCorrected:{correctionId:N}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Grouped_by_shopper_a_delay_sends_one_notice_per_shopper_listing_their_orders()
    {
        var (seller, product, key) = await SellerWithProductAsync("melon");
        var prefix = OrderApi.Unique("g");
        // 150 shoppers: shopper i has i % 3 + 1 orders (1, 2 or 3), 300 orders in all; a third text, the rest e-mail.
        await pipeline.Database.ExecuteAsync("""
            WITH o AS (
                INSERT INTO orders (order_id, customer_id, seller_id, status, total, currency, contact_email, contact_phone, request_hash, accepted_at, ship_date, created_at, updated_at)
                SELECT @prefix || '-' || lpad(s::text, 4, '0') || '-' || k, @prefix || '-shopper-' || s, @seller, 'Confirmed', 12000, 'KRW',
                       'shopper' || s || '@example.com', CASE WHEN s % 3 = 0 THEN '+8210' || lpad(s::text, 8, '0') END, 'h', now(), '2026-12-01', now(), now()
                FROM generate_series(1, 150) AS s, generate_series(1, 3) AS k WHERE k <= s % 3 + 1
                RETURNING order_id)
            INSERT INTO order_items (order_id, line_no, product_id, name, quantity, unit_price) SELECT order_id, 1, @product, 'Melon', 1, 12000 FROM o
            """, new { prefix, product, seller });

        var (status, delay, location) = await DeclareAsync(key, seller, product, "2026-12-20", "Hail", new { groupByShopper = true });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(delay.GetProperty("groupByShopper").GetBoolean());
        var done = await WaitDoneAsync(key, location!);
        Assert.Equal((300, 300, 300), (done.GetProperty("affected").GetInt32(), done.GetProperty("notices").GetInt32(), done.GetProperty("notified").GetInt32()));
        var delayId = delay.GetProperty("delayId").GetGuid();
        Assert.Equal(300, await DelayedAsync(prefix + "%", "2026-12-20", delayId));

        // One notice per shopper, to that shopper's contact, listing exactly that shopper's orders.
        var notices = Notices(delayId);
        Assert.Equal(150, notices.Count);
        Assert.Equal(150, notices.Select(n => n.IdempotencyKey).Distinct().Count());
        foreach (var notice in notices)
        {
            var listed = notice.Json.GetProperty("orders").GetString()!.Split(", ");
            var shopper = listed[0].Split('-')[^2];
            Assert.All(listed, o => Assert.Equal(shopper, o.Split('-')[^2]));
            Assert.Equal(int.Parse(shopper, System.Globalization.CultureInfo.InvariantCulture) % 3 + 1, listed.Length);
            Assert.Equal(int.Parse(shopper, System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 ? "sms" : "email", notice.Json.GetProperty("channel").GetString());
            Assert.Contains($"for your order(s) {string.Join(", ", listed)}: Hail", notice.Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(300, notices.Sum(n => n.Json.GetProperty("orders").GetString()!.Split(", ").Length));
    }

    [Fact]
    public async Task A_delay_whose_worker_died_mid_marking_resumes_from_its_cursor_and_tells_everyone_exactly_once()
    {
        var (seller, product, _) = await SellerWithProductAsync("apple");
        var prefix = OrderApi.Unique("r");
        await SeedAsync(prefix + "-open", product, "Confirmed", 1000);
        // The state a worker leaves when it dies after committing its first slices (orders up to the cursor marked, their
        // chunk rows written) and before publishing them.
        var delayId = Guid.CreateVersion7();
        var cursor = prefix + "-open-000400";
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delays (delay_id, seller_id, product_id, new_ship_date, reason, state, affected, notices, notified, failed, deferred, next_chunk,
                                marked_through, group_by_shopper, created_at)
            VALUES (@delayId, @seller, @product, '2026-12-18', 'Hail', 'Marking', 400, 400, 0, 0, 0, 4, @cursor, false, now())
            """, new { delayId, seller, product, cursor });
        await pipeline.Database.ExecuteAsync("""
            WITH marked AS (
                UPDATE orders SET status = 'Delayed', ship_date = '2026-12-18', delay_id = @delayId, delay_reason = 'Hail'
                WHERE order_id LIKE @p2 AND order_id <= @cursor RETURNING order_id, contact_phone, contact_email)
            INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts)
            SELECT @delayId, (row_number() OVER () - 1)::int, channel, array_agg(order_id ORDER BY order_id), array_agg(recipient ORDER BY order_id), 'Pending', 0
            FROM (SELECT order_id, CASE WHEN contact_phone IS NOT NULL THEN 'sms' ELSE 'email' END AS channel, coalesce(contact_phone, contact_email) AS recipient,
                         (row_number() OVER (PARTITION BY contact_phone IS NOT NULL ORDER BY order_id) - 1) / 100 AS n FROM marked) t
            GROUP BY channel, n
            """, new { delayId, p2 = prefix + "-open%", cursor });
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM delay_chunks WHERE delay_id = @delayId", new { delayId })); // 200 texts, 200 e-mails

        // Redelivered: the worker publishes the chunks it had written and marks the rest from the cursor.
        await pipeline.PublishAsync(new DelayDeclared
        {
            DelayId = delayId, SellerId = seller, ProductId = product, NewShipDate = new DateOnly(2026, 12, 18), Reason = "Hail", DeclaredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<string>("SELECT state FROM delays WHERE delay_id = @delayId", new { delayId }),
            state => state == "Done", TimeSpan.FromSeconds(60), $"delay {delayId} to be Done\n{pipeline.HostOutput}");
        Assert.Equal(1000, await CountAsync("SELECT affected FROM delays WHERE delay_id = @delayId", new { delayId }));
        Assert.Equal(1000, await CountAsync("SELECT notified FROM delays WHERE delay_id = @delayId", new { delayId }));
        Assert.Equal(1000, await DelayedAsync(prefix + "%", "2026-12-18", delayId));
        Assert.Equal(1000, await CountAsync("SELECT sum(cardinality(order_ids)) FROM delay_chunks WHERE delay_id = @delayId AND status = 'Sent' AND attempts = 1", new { delayId }));
        var notices = Notices(delayId);
        Assert.Equal(1000, notices.Count);
        Assert.Equal(1000, notices.Select(n => n.IdempotencyKey).Distinct().Count());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM seller_events WHERE seller_id = @seller AND type = 'delay.marked' AND (data->>'affected')::int = 1000", new { seller }));
    }

    Task SeedAtAsync(string prefix, string product, int count, string acceptedAt, string shipDate) => pipeline.Database.ExecuteAsync("""
        WITH o AS (
            INSERT INTO orders (order_id, customer_id, seller_id, status, total, currency, contact_email, request_hash, accepted_at, ship_date, created_at, updated_at)
            SELECT @prefix || '-' || lpad(i::text, 6, '0'), 'c' || i, (SELECT seller_id FROM products WHERE product_id = @product), 'Confirmed', 12000, 'KRW',
                   'shopper' || i || '@example.com', 'h', @acceptedAt::timestamptz, @shipDate::date, now(), now()
            FROM generate_series(1, @count) AS i
            RETURNING order_id)
        INSERT INTO order_items (order_id, line_no, product_id, name, quantity, unit_price) SELECT order_id, 1, @product, 'Corn', 1, 12000 FROM o
        """, new { prefix, product, count, acceptedAt, shipDate });

    async Task<(HttpStatusCode Status, JsonElement Body, string? Location)> CorrectAsync(string key, string seller, Guid delayId, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/sellers/{seller}/delays/{delayId}/corrections", key, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.Location?.OriginalString);
    }

    /// <summary>A new seller with its own key and one product shipping on 1 December.</summary>
    async Task<(string Seller, string Product, string Key)> SellerWithProductAsync(string productName)
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique(productName);
        var key = await SellerKeyAsync(seller);
        await PutProductAsync(seller, product, "2026-12-01");
        return (seller, product, key);
    }

    /// <summary>Orders whose id matches <paramref name="idPattern"/> (LIKE) that are Delayed to <paramref name="shipDate"/> by <paramref name="delayId"/>.</summary>
    Task<long> DelayedAsync(string idPattern, string shipDate, Guid delayId) => CountAsync(
        "SELECT count(*) FROM orders WHERE order_id LIKE @idPattern AND status = 'Delayed' AND ship_date = @shipDate::date AND delay_id = @delayId", new { idPattern, shipDate, delayId });

    async Task<string> SellerKeyAsync(string seller)
    {
        using var response = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, $"/admin/sellers/{seller}/api-keys", "dev-admin-key"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    async Task PutProductAsync(string seller, string product, string shipDate)
    {
        using var response = await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/products/{product}",
            new { name = "Peach box", unitPrice = 12000m, currency = "KRW", stock = 100_000, shipDate });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Orders straight into the tables (as a bulk load would), one line each of the product.</summary>
    Task SeedAsync(string prefix, string product, string status, int count) => pipeline.Database.ExecuteAsync("""
        WITH o AS (
            INSERT INTO orders (order_id, customer_id, seller_id, status, total, currency, contact_email, contact_phone, request_hash, accepted_at, ship_date, created_at, updated_at)
            SELECT @prefix || '-' || lpad(i::text, 6, '0'), 'c' || i, (SELECT seller_id FROM products WHERE product_id = @product), @status, 12000, 'KRW',
                   'shopper' || i || '@example.com', CASE WHEN i % 2 = 0 THEN '+8210' || lpad(i::text, 8, '0') END, 'h', now(), '2026-12-01', now(), now()
            FROM generate_series(1, @count) AS i
            RETURNING order_id)
        INSERT INTO order_items (order_id, line_no, product_id, name, quantity, unit_price) SELECT order_id, 1, @product, 'Peach box', 1, 12000 FROM o
        """, new { prefix, product, status, count });

    async Task<(HttpStatusCode Status, JsonElement Body, string? Location)> DeclareAsync(string? key, string seller, string product, string? date, string reason,
        object? targets = null)
    {
        var body = new Dictionary<string, object?> { ["newShipDate"] = date, ["reason"] = reason };
        foreach (var property in targets?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(targets);
        }

        using var response = await SendAsync(HttpMethod.Post, $"/sellers/{seller}/products/{product}/delays", key, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.Location?.OriginalString);
    }

    async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null) =>
        await pipeline.For(path).SendAsync(AdminApi.Request(method, path, key, body));

    async Task<JsonElement> WaitDoneAsync(string key, string location) =>
        await Eventually.GetAsync(async () =>
        {
            using var response = await SendAsync(HttpMethod.Get, location, key);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
        }, d => d.GetProperty("state").GetString() == "Done", TimeSpan.FromSeconds(60), $"delay {location} to be Done\n{pipeline.HostOutput}");

    List<ReceivedRequest> Notices(Guid delayId) =>
        pipeline.Providers.Received.Where(r => r.IdempotencyKey.Contains($":Delayed:{delayId:N}:", StringComparison.Ordinal)).ToList();

    Task<long> CountAsync(string sql, object? parameters = null) => pipeline.Database.ScalarAsync<long>(sql, parameters);
}
