using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Correctness;

/// <summary>Who may take a chunk of delay notices: never a second attempt while one is sending; a replay even after it failed for good.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DelayChunkTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_chunk_being_sent_is_not_taken_by_a_redelivery_of_its_own_message()
    {
        var (delayId, seller, product) = (Guid.NewGuid(), OrderApi.Unique("farm"), OrderApi.Unique("pear"));
        var firstAttempt = Guid.NewGuid();
        var recipients = new[] { $"{OrderApi.Unique("a")}@example.com", $"{OrderApi.Unique("b")}@example.com" };
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delays (delay_id, seller_id, product_id, new_ship_date, reason, state, affected, notices, notified, failed, deferred, created_at)
            VALUES (@delayId, @seller, @product, '2026-12-24', 'Frost', 'Fanning out', 2, 2, 0, 0, 0, now())
            """, new { delayId, seller, product });
        // The first attempt, message id X, claimed the chunk a moment ago and is still sending it.
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts, claimed_at, claimed_by)
            VALUES (@delayId, 0, 'email', @p2, @recipients, 'Sending', 1, now(), @firstAttempt)
            """, new { delayId, p2 = new[] { OrderApi.Unique("o"), OrderApi.Unique("o") }, recipients, firstAttempt });

        // The same message again (a redelivery after a connection loss): same message id.
        await pipeline.PublishWithIdAsync(firstAttempt, new DelayNoticeChunk
        {
            DelayId = delayId, SellerId = seller, ProductId = product, NewShipDate = new DateOnly(2026, 12, 24), Reason = "Frost", Chunk = 0,
        });

        await Eventually.TrueAsync(() => Task.FromResult(pipeline.CountLines($"Delay {delayId} chunk 0: being sent by another attempt") == 1),
            TimeSpan.FromSeconds(30), "the redelivery seen and passed over");
        Assert.Equal(firstAttempt, await pipeline.Database.ScalarAsync<Guid>("SELECT claimed_by FROM delay_chunks WHERE delay_id = @delayId", new { delayId }));
        Assert.Equal(1, await pipeline.Database.ScalarAsync<int>("SELECT attempts FROM delay_chunks WHERE delay_id = @delayId", new { delayId }));
        Assert.DoesNotContain(pipeline.Providers.Received, r => r.Json.TryGetProperty("to", out var to) && recipients.Contains(to.GetString()));
    }

    [Fact]
    public async Task A_replay_sends_a_chunk_that_had_failed_for_good_and_the_delay_counts_it_as_notified()
    {
        var (seller, product) = (OrderApi.Unique("farm"), OrderApi.Unique("plum"));
        using (var put = await pipeline.Sellers.PutAsJsonAsync($"/sellers/{seller}/products/{product}",
                   new { name = "Plum box", unitPrice = 9000m, currency = "KRW", stock = 100, shipDate = "2026-12-01" }))
        {
            put.EnsureSuccessStatusCode();
        }

        var prefix = OrderApi.Unique("dly");
        await pipeline.Database.ExecuteAsync("""
            WITH o AS (
                INSERT INTO orders (order_id, customer_id, seller_id, status, total, currency, contact_email, request_hash, accepted_at, ship_date, created_at, updated_at)
                SELECT @prefix || '-' || i, 'c' || i, @seller, 'Confirmed', 9000, 'KRW', @prefix || '-' || i || '@example.com', 'h', now(), '2026-12-01', now(), now()
                FROM generate_series(1, 3) AS i RETURNING order_id)
            INSERT INTO order_items (order_id, line_no, product_id, name, quantity, unit_price) SELECT order_id, 1, @product, 'Plum box', 1, 9000 FROM o
            """, new { prefix, product, seller });
        // The gateway refuses the bulk request for good (a 4xx): the chunk fails, the delay ends with 3 failed.
        pipeline.Providers.Fail($"{prefix}-1@example.com", times: 1, status: 422, reason: $"recipient blocked {prefix}");

        using var declared = await pipeline.Sellers.PostAsJsonAsync($"/sellers/{seller}/products/{product}/delays", new { newShipDate = "2026-12-20", reason = "Hail" });
        Assert.Equal(HttpStatusCode.Accepted, declared.StatusCode);
        var delayId = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delayId").GetGuid();
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<int>("SELECT failed FROM delays WHERE delay_id = @delayId", new { delayId }) == 3,
            TimeSpan.FromSeconds(30), "the chunk to fail for good");
        var deadLetter = await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<long>(
                "SELECT id FROM dead_letters WHERE queue = 'notify-delays' AND exception_message LIKE '%' || @prefix || '%'", new { prefix }),
            id => id > 0, TimeSpan.FromSeconds(30), "the chunk's dead letter");

        // The address is unblocked; on-call replays the dead letter.
        var replayed = await pipeline.JsonAsync(HttpMethod.Post, $"/admin/dead-letters/{deadLetter}/replay");
        Assert.Equal("Replayed", replayed.GetProperty("status").GetString());

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>("SELECT status FROM delay_chunks WHERE delay_id = @delayId", new { delayId }) == "Sent",
            TimeSpan.FromSeconds(30), "the chunk sent by the replay");
        Assert.Equal(0, await pipeline.Database.ScalarAsync<int>("SELECT failed FROM delays WHERE delay_id = @delayId", new { delayId }));
        Assert.Equal(3, await pipeline.Database.ScalarAsync<int>("SELECT notified FROM delays WHERE delay_id = @delayId", new { delayId }));
        Assert.Equal("Done", await pipeline.Database.ScalarAsync<string>("SELECT state FROM delays WHERE delay_id = @delayId", new { delayId }));
        for (var i = 1; i <= 3; i++)
        {
            Assert.Single(pipeline.Providers.Received, r => r.Status == 200 && r.IdempotencyKey.StartsWith($"{prefix}-{i}:", StringComparison.Ordinal));
        }
    }
}
