using System.Text;
using OrderPipeline.Hosting.Messaging;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Security;

/// <summary>
/// Poison put straight onto every work queue: malformed JSON, a wrong message type, a non-string messageType, a missing field and a
/// 10 MB body. Each ends as a dead-letter row, and each worker goes on with the good message queued behind them.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PoisonMessageTests(PipelineFixture pipeline)
{
    const string ContentType = "application/vnd.masstransit+json";

    [Fact]
    public async Task Poison_on_every_queue_becomes_dead_letters_and_the_workers_go_on()
    {
        var seller = OrderApi.Unique("farm");
        var product = OrderApi.Unique("apple");
        await pipeline.PutProductAsync(seller, product, 1000m, 100);
        var poison = new List<(string Queue, string Kind, Guid Id)>();
        var good = new List<Func<Task>>();
        await using var channel = await pipeline.Rabbit.CreateChannelAsync(new CreateChannelOptions(true, true));

        foreach (var queue in PipelineQueues.Work)
        {
            var type = queue.Message.Name;
            var messages = new (string Kind, Func<Guid, byte[]> Body)[]
            {
                ("malformed JSON", id => Encoding.UTF8.GetBytes($$"""{"messageId":"{{id}}","messageType":["urn:message:OrderPipeline.Contracts:{{type}}"],"message":{"orderId": """)),
                ("wrong message type", id => Envelope(id, "urn:message:OrderPipeline.Contracts:ProductChanged", new { productId = "p", sellerId = "s", name = "n", unitPrice = 1, currency = "KRW" })),
                ("non-string messageType", id => Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{id}}}","messageType":[5, {"a":1}],"message":{}}""")),
                ("missing field", id => Envelope(id, $"urn:message:OrderPipeline.Contracts:{type}", new { sellerId = seller, currency = "KRW" })),
                ("10 MB body", _ => Encoding.ASCII.GetBytes(new string('x', 10 * 1024 * 1024))),
            };
            foreach (var (kind, body) in messages)
            {
                var id = Guid.NewGuid();
                await channel.BasicPublishAsync("", queue.Name, true, new BasicProperties { MessageId = id.ToString(), ContentType = ContentType, Persistent = true }, body(id));
                poison.Add((queue.Name, kind, id));
            }
        }

        // Good messages behind the poison, through the public contract.
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1, email: "good@example.com", phone: "+821055550000"));

        // Every poison message is a dead letter: five per queue, none lost, none twice.
        var ids = poison.Select(p => p.Id.ToString()).ToArray();
        var rows = await Eventually.GetAsync(() => pipeline.Database.ScalarAsync<long>("SELECT count(DISTINCT message_id) FROM dead_letters WHERE message_id = ANY(@ids)", new { ids }),
            n => n == poison.Count, TimeSpan.FromSeconds(90), $"{poison.Count} dead letters");
        Assert.Equal(poison.Count, rows);
        Assert.Equal(poison.Count, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE message_id = ANY(@ids)", new { ids }));
        foreach (var queue in PipelineQueues.Work)
        {
            Assert.Equal(5, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE message_id = ANY(@ids) AND queue = @name", new { ids, name = queue.Name }));
        }

        var skipped = poison.Where(p => p.Kind == "wrong message type").Select(p => p.Id.ToString()).ToArray();
        Assert.Equal(skipped.Length, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE message_id = ANY(@skipped) AND kind = 'Skipped'", new { skipped }));
        var large = poison.First(p => p.Kind == "10 MB body").Id.ToString();
        Assert.Equal(10 * 1024 * 1024, await pipeline.Database.ScalarAsync<int>("SELECT length(body) FROM dead_letters WHERE message_id = @large", new { large }));

        // And the workers went on: the order behind the poison is decided and its shopper, seller feed and e-mail told.
        await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE order_id = @orderId AND status = 'Sent'", new { orderId }) == 2, TimeSpan.FromSeconds(30), "e-mail and text sent");
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM seller_events WHERE seller_id = @seller AND type = 'order.confirmed'", new { seller }) == 1, TimeSpan.FromSeconds(30), "the seller's feed");
        foreach (var queue in PipelineQueues.Work)
        {
            Assert.Equal(0u, await pipeline.Vhost.ReadyAsync(queue.Error));
            Assert.Equal(0u, await pipeline.Vhost.ReadyAsync(queue.Skipped));
        }
    }

    static byte[] Envelope(Guid id, string messageType, object message) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["messageId"] = id.ToString(),
        ["messageType"] = new[] { messageType },
        ["message"] = message,
    });
}
