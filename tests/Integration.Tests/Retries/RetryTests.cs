namespace OrderPipeline.Integration.Tests.Retries;

/// <summary>
/// The fixture runs the workers with in-process retries of 20/50/100 ms and broker-side redelivery after
/// 300/600/900/1200 ms, so each delivery makes 4 attempts and a message gets at most 5 deliveries.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RetryTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_transient_provider_failure_is_retried_through_the_retry_queue_and_sent_once()
    {
        var product = OrderApi.Unique("flaky");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 5);
        var email = $"{OrderApi.Unique("flaky")}@example.com";
        // 6 failures: the first delivery's 4 attempts, then 2 more after a wait in notify-email_retry_300ms.
        pipeline.Providers.Fail(email, times: 6, status: 503);

        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email));

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
            "SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'email'", new { orderId }) == "Sent", TimeSpan.FromSeconds(30), "the e-mail to be sent");
        var attempts = pipeline.Providers.ForOrder(orderId);
        Assert.Equal(7, attempts.Count);
        Assert.Equal(6, attempts.Count(a => a.Status == 503));
        Assert.Single(attempts, a => a.Status == 200);
        Assert.Equal(7, await pipeline.Database.ScalarAsync<int>("SELECT attempts FROM notifications WHERE order_id = @orderId AND channel = 'email'", new { orderId }));
        Assert.Equal(4, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }

    [Fact]
    public async Task A_provider_4xx_is_not_retried_and_lands_in_the_dead_letter_table_with_every_fault_detail()
    {
        var product = OrderApi.Unique("refused");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 5);
        var email = $"{OrderApi.Unique("refused")}@example.com";
        pipeline.Providers.Fail(email, times: 1000, status: 400);

        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email));

        // The dead-letter worker moves it out of notify-email_error into the table, with every fault detail.
        var row = await Eventually.GetAsync(() => DeadLetterRows.FindAsync(pipeline.Database, orderId), r => r is not null,
            TimeSpan.FromSeconds(30), "the dead letter row");
        Assert.Equal("notify-email", row!.Queue);
        Assert.Equal("notify-email_error", row.SourceQueue);
        Assert.Equal("Faulted", row.Kind);
        Assert.Equal("OrderPipeline.Contracts:ShopperEmails", row.MessageType);
        Assert.False(string.IsNullOrEmpty(row.MessageId));
        Assert.Contains("ProviderException", row.ExceptionType, StringComparison.Ordinal);
        Assert.Contains("400", row.ExceptionMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(row.StackTrace));
        Assert.Contains("ShopperEmailsConsumer", row.ConsumerType, StringComparison.Ordinal);
        Assert.NotNull(row.FirstFailedAt);
        Assert.Matches("^[0-9a-f]{64}$", row.Fingerprint);
        Assert.Equal("New", row.Status);
        Assert.Null(row.ParseError);
        Assert.Contains(orderId, System.Text.Encoding.UTF8.GetString(row.Body), StringComparison.Ordinal);
        Assert.Contains("MT-Fault-ExceptionType", row.Headers, StringComparison.Ordinal);
        Assert.Single(pipeline.Providers.ForOrder(orderId));
        Assert.Equal("Failed", await pipeline.Database.ScalarAsync<string>("SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'email'", new { orderId }));
    }
}
