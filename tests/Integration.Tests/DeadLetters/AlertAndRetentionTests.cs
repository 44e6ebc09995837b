namespace OrderPipeline.Integration.Tests.DeadLetters;

[Collection(PipelineCollection.Name)]
public sealed class AlertAndRetentionTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task On_call_gets_one_alert_per_failure_group_not_one_per_message()
    {
        // The run's dead-letter worker checks every second and alerts at most once an hour per group.
        var failed = await pipeline.FailedOrdersAsync(3, "relay access denied for alert case");
        var alert = await Eventually.GetAsync(
            () => Task.FromResult(pipeline.Providers.Alerts.Where(a => a.GetProperty("fingerprint").GetString() == failed.Fingerprint).ToList()),
            a => a.Count > 0, TimeSpan.FromSeconds(30), "an alert for the group");
        var first = Assert.Single(alert);
        Assert.Equal("notify-email", first.GetProperty("queue").GetString());
        Assert.Contains("ProviderException", first.GetProperty("exceptionType").GetString(), StringComparison.Ordinal);
        Assert.Contains("relay access denied for alert case", first.GetProperty("exceptionMessage").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/dead-letters/groups/{failed.Fingerprint}", first.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/", first.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.InRange(first.GetProperty("newCount").GetInt64(), 1, 3);
        Assert.Contains(failed.Fingerprint, first.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Two more of the same cause, and a different cause: the new group is alerted, the first one is not alerted again.
        var more = await pipeline.FailedOrdersAsync(2, "relay access denied for alert case");
        Assert.Equal(failed.Fingerprint, more.Fingerprint);
        var other = await pipeline.FailedOrdersAsync(1, "unknown user for alert case");
        await Eventually.TrueAsync(() => Task.FromResult(pipeline.Providers.Alerts.Any(a => a.GetProperty("fingerprint").GetString() == other.Fingerprint)),
            TimeSpan.FromSeconds(30), "an alert for the second group");
        Assert.Single(pipeline.Providers.Alerts, a => a.GetProperty("fingerprint").GetString() == failed.Fingerprint);
        Assert.Equal(1, await pipeline.Database.ScalarAsync<int>("SELECT alerts_sent FROM dead_letter_alerts WHERE fingerprint = @fingerprint", new { fingerprint = failed.Fingerprint }));
    }

    [Fact]
    public async Task The_retention_job_purges_old_replayed_and_discarded_rows_and_keeps_the_rest()
    {
        var tag = OrderPipeline.Integration.Tests.Orders.OrderApi.Unique("retention");
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO dead_letters (dedupe_key, queue, source_queue, kind, body, headers, moved_at, fingerprint, status,
                                      replayed_at, discarded_at, order_id, retry_count)
            SELECT @tag || ':' || n, 'test', 'test_error', 'Faulted', '\x00'::bytea, '{}'::jsonb, now() - interval '60 days', @tag,
                   s.status, CASE s.status WHEN 'Replayed' THEN now() - s.age END, CASE s.status WHEN 'Discarded' THEN now() - s.age END, s.label, 0
            FROM (VALUES (1, 'Replayed', interval '40 days', 'old-replayed'), (2, 'Discarded', interval '31 days', 'old-discarded'),
                         (3, 'New', interval '0 days', 'old-new'), (4, 'Replayed', interval '2 days', 'recent-replayed'),
                         (5, 'Discarded', interval '29 days', 'recent-discarded')) AS s(n, status, age, label)
            """, new { tag });

        // The worker runs the purge hourly (and at start); run it now, as its Quartz job would, with a 30-day retention.
        var purger = new OrderPipeline.DeadLetter.DeadLetters.DeadLetterPurger(pipeline.Database.DataSource,
            Microsoft.Extensions.Options.Options.Create(new OrderPipeline.DeadLetter.DeadLetters.DeadLetterOptions { RetentionDays = 30 }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OrderPipeline.DeadLetter.DeadLetters.DeadLetterPurger>.Instance);
        Assert.True(await purger.PurgeAsync(CancellationToken.None) >= 2);

        var left = await pipeline.Database.ScalarAsync<string>(
            "SELECT string_agg(order_id, ',' ORDER BY order_id) FROM dead_letters WHERE fingerprint = @tag", new { tag });
        Assert.Equal("old-new,recent-discarded,recent-replayed", left);
    }
}
