using System.Text;
using OrderPipeline.Integration.Tests.Infrastructure;
using OrderPipeline.Integration.Tests.Orders;
using RabbitMQ.Client;
using Xunit;

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
        // 6 failures: the first delivery's 4 attempts, then 2 more after a wait in notify_retry_300ms.
        pipeline.Providers.Fail(email, times: 6, status: 503);

        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email));

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
            "SELECT status FROM notifications WHERE order_id = $1 AND channel = 'email'", orderId) == "Sent", TimeSpan.FromSeconds(30), "the e-mail to be sent");
        var attempts = pipeline.Providers.ForOrder(orderId);
        Assert.Equal(7, attempts.Count);
        Assert.Equal(6, attempts.Count(a => a.Status == 503));
        Assert.Single(attempts, a => a.Status == 200);
        Assert.Equal(7, await pipeline.Database.ScalarAsync<int>("SELECT attempts FROM notifications WHERE order_id = $1 AND channel = 'email'", orderId));
        Assert.Equal(4, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = $1", product));
    }

    [Fact]
    public async Task A_provider_4xx_is_not_retried_and_lands_in_the_error_queue_with_its_fault()
    {
        var product = OrderApi.Unique("refused");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 5);
        var email = $"{OrderApi.Unique("refused")}@example.com";
        pipeline.Providers.Fail(email, times: 1000, status: 400);

        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email));

        var faulted = await Eventually.GetAsync(() => FindInErrorQueueAsync("notify_error", orderId), m => m is not null,
            TimeSpan.FromSeconds(30), "the message in notify_error");
        Assert.Contains("ProviderException", faulted!.Value.ExceptionType, StringComparison.Ordinal);
        Assert.Single(pipeline.Providers.ForOrder(orderId));
        Assert.Equal("Failed", await pipeline.Database.ScalarAsync<string>("SELECT status FROM notifications WHERE order_id = $1", orderId));
    }

    async Task<(string Body, string ExceptionType)?> FindInErrorQueueAsync(string queue, string orderId)
    {
        await using var channel = await pipeline.Rabbit.CreateChannelAsync();
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }

        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            var body = Encoding.UTF8.GetString(message.Body.Span);
            if (body.Contains(orderId, StringComparison.Ordinal))
            {
                await channel.BasicAckAsync(message.DeliveryTag, false);
                var type = message.BasicProperties.Headers?["MT-Fault-ExceptionType"] is byte[] raw ? Encoding.UTF8.GetString(raw) : "";
                return (body, type);
            }
        }

        return null;
    }
}
