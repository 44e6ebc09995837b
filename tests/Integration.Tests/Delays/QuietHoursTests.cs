using Dapper;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Notify;
using OrderPipeline.Notify.Delays;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Integration.Tests.Delays;

/// <summary>
/// The delay-notice consumer and the deferred-notice release on a fake clock, against the run's PostgreSQL and fake gateway
/// (the test harness stands in for the broker only).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class QuietHoursTests(PipelineFixture pipeline)
{
    sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_text_inside_quiet_hours_is_deferred_and_sent_when_they_end_while_the_email_goes_at_once()
    {
        // 22:00 in Seoul (the default zone): quiet until 08:00, which is 23:00 UTC.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero));
        var (textOrder, mailOrder) = (OrderApi.Unique("quiet"), OrderApi.Unique("quiet"));
        var delayId = await DelayAsync(notices: 2, deferred: 0);
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts)
            VALUES (@delayId, 0, 'email', ARRAY[@mailOrder], ARRAY['quiet@example.com'], 'Pending', 0), (@delayId, 1, 'sms', ARRAY[@textOrder], ARRAY['+821011112222'], 'Pending', 0)
            """, new { delayId, textOrder, mailOrder });

        await using var provider = Services(clock);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        foreach (var chunk in new[] { 0, 1 })
        {
            await harness.Bus.Publish(new DelayNoticeChunk
            {
                DelayId = delayId, SellerId = "farm", ProductId = "p", NewShipDate = new DateOnly(2026, 12, 9), Reason = "Rain", Chunk = chunk,
            });
        }
        await Eventually.TrueAsync(async () => await Status(delayId, textOrder) == "Deferred" && await Status(delayId, mailOrder) == "Sent",
            TimeSpan.FromSeconds(20), "the text deferred and the e-mail sent");
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero),
            await pipeline.Database.ScalarAsync<DateTime>("SELECT deferred_until FROM delay_chunks WHERE delay_id = @delayId AND @textOrder = ANY(order_ids)", new { delayId, textOrder }));
        Assert.Equal("1/1/Fanning out", await Counts(delayId));
        Assert.Empty(pipeline.Providers.ForOrder(textOrder));
        Assert.Single(pipeline.Providers.ForOrder(mailOrder));

        // Still quiet: nothing released.
        var deferred = provider.GetRequiredService<DeferredNotices>();
        clock.Now = new DateTimeOffset(2026, 11, 23, 22, 59, 0, TimeSpan.Zero);
        Assert.Equal(0, await deferred.ReleaseDueAsync(CancellationToken.None));

        // 08:00 in Seoul: released, sent once, and the delay is done.
        clock.Now = new DateTimeOffset(2026, 11, 23, 23, 0, 1, TimeSpan.Zero);
        Assert.Equal(1, await deferred.ReleaseDueAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await Status(delayId, textOrder) == "Sent", TimeSpan.FromSeconds(20), "the text sent after quiet hours");
        Assert.Equal("2/0/Done", await Counts(delayId));
        var text = Assert.Single(pipeline.Providers.ForOrder(textOrder));
        Assert.Equal($"{textOrder}:Delayed:{delayId:N}:sms", text.IdempotencyKey);
        Assert.Equal(0, await deferred.ReleaseDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_notice_left_sending_by_a_dead_sender_is_released_after_the_lease_and_sent_once()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero)); // noon in Seoul: not quiet
        var orderId = OrderApi.Unique("stale");
        var delayId = await DelayAsync(notices: 1, deferred: 0);
        // Claimed by a sender that died 2 minutes ago (lease 20 s; released after three leases).
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts, claimed_at, claimed_by)
            VALUES (@delayId, 0, 'sms', ARRAY[@orderId], ARRAY['+821033334444'], 'Sending', 1, @p3, @p4)
            """, new { delayId, orderId, p3 = clock.Now.AddMinutes(-2), p4 = Guid.NewGuid() });

        await using var provider = Services(clock);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        Assert.Equal(1, await provider.GetRequiredService<DeferredNotices>().ReleaseDueAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await Status(delayId, orderId) == "Sent", TimeSpan.FromSeconds(20), "the released notice sent");
        Assert.Equal("1/0/Done", await Counts(delayId));
        Assert.Single(pipeline.Providers.ForOrder(orderId));
        Assert.Equal(0, await provider.GetRequiredService<DeferredNotices>().ReleaseDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_chunk_that_arrives_before_its_release_commits_waits_for_it_and_is_sent_once()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero)); // noon in Seoul: not quiet
        var orderId = OrderApi.Unique("race");
        var delayId = await DelayAsync(notices: 1, deferred: 1);
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delay_chunks (delay_id, chunk, channel, order_ids, recipients, status, attempts, deferred_until)
            VALUES (@delayId, 0, 'sms', ARRAY[@orderId], ARRAY['+821055556666'], 'Deferred', 1, now() - interval '1 minute')
            """, new { delayId, orderId });

        await using var provider = Services(clock);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        // What the release does, held open: the chunk is Pending in a transaction that has not committed when its message arrives.
        await using var release = await pipeline.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await release.BeginTransactionAsync();
        await release.ExecuteAsync("""
            UPDATE delay_chunks SET status = 'Pending', deferred_until = NULL WHERE delay_id = @delayId;
            UPDATE delays SET deferred = 0 WHERE delay_id = @delayId;
            """, new { delayId }, transaction);

        await harness.Bus.Publish(new DelayNoticeChunk
        {
            DelayId = delayId, SellerId = "farm", ProductId = "p", NewShipDate = new DateOnly(2026, 12, 9), Reason = "Rain", Chunk = 0,
        });
        // The consumer's claim is now waiting for the release's row lock.
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE delay_chunks SET status = ''Sending''%'") > 0,
            TimeSpan.FromSeconds(20), "the claim waiting for the release to commit");
        await transaction.CommitAsync();

        await Eventually.TrueAsync(async () => await Status(delayId, orderId) == "Sent", TimeSpan.FromSeconds(20), "the released text sent");
        Assert.Equal("1/0/Done", await Counts(delayId));
        Assert.Single(pipeline.Providers.ForOrder(orderId));
    }

    /// <summary>A delay of seller "farm" fanning out <paramref name="notices"/> notices, <paramref name="deferred"/> of them deferred.</summary>
    async Task<Guid> DelayAsync(int notices, int deferred)
    {
        var delayId = Guid.NewGuid();
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO delays (delay_id, seller_id, product_id, new_ship_date, reason, state, affected, notices, notified, failed, deferred, created_at)
            VALUES (@delayId, 'farm', @p2, '2026-12-09', 'Rain', 'Fanning out', @notices, @notices, 0, 0, @deferred, now())
            """, new { delayId, p2 = OrderApi.Unique("peach"), notices, deferred });
        return delayId;
    }

    ServiceProvider Services(TimeProvider clock) => new ServiceCollection()
        .AddLogging()
        .AddMetrics()
        .AddSingleton<OrderPipeline.Notify.Notifications.NoticeMetrics>()
        .AddSingleton(clock)
        .AddSingleton(NpgsqlDataSource.Create(pipeline.Database.ConnectionString))
        .Configure<NotifyOptions>(o => o.Gateway.BaseUrl = pipeline.Providers.GatewayUrl)
        .AddProviders()
        .AddSingleton<QuietHours>()
        .AddSingleton<OrderPipeline.Hosting.Messaging.SellerFeed>()
        .AddSingleton<DeferredNotices>()
        .AddMassTransitTestHarness(x => x.AddConsumer<DelayNoticeConsumer, DelayNoticeConsumerDefinition>())
        .BuildServiceProvider(true);

    Task<string> Status(Guid delayId, string orderId) =>
        pipeline.Database.ScalarAsync<string>("SELECT status FROM delay_chunks WHERE delay_id = @delayId AND @orderId = ANY(order_ids)", new { delayId, orderId });

    Task<string> Counts(Guid delayId) =>
        pipeline.Database.ScalarAsync<string>("SELECT notified || '/' || deferred || '/' || state FROM delays WHERE delay_id = @delayId", new { delayId });
}
