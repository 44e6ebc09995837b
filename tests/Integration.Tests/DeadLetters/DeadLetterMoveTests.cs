using System.Text;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.DeadLetters;

[Collection(PipelineCollection.Name)]
public sealed class DeadLetterMoveTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Poison_the_mover_cannot_parse_is_stored_byte_for_byte_with_its_headers()
    {
        var marker = Guid.NewGuid().ToString("N");
        byte[] body = [0xff, 0xfe, 0x00, .. Encoding.UTF8.GetBytes($"not json {marker}")];
        await PublishAsync(body, new Dictionary<string, object?> { ["x-test-marker"] = marker }, messageId: marker);

        var row = await Eventually.GetAsync(async () => (await DeadLetterRows.FromQueueAsync(pipeline.Database, PipelineFixture.TestErrorQueue))
            .SingleOrDefault(r => r.MessageId == marker), r => r is not null, TimeSpan.FromSeconds(30), "the poison row");

        Assert.Equal(body, row!.Body);
        Assert.Equal("test", row.Queue);
        Assert.NotNull(row.ParseError);
        Assert.Contains(marker, row.Headers, StringComparison.Ordinal);
        Assert.Equal("New", row.Status);
    }

    [Fact]
    public async Task The_same_message_moved_twice_is_one_row()
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{marker}}}","messageType":["urn:message:Test:Twice"],"message":{"orderId":"{{{marker}}}"}}""");
        var headers = new Dictionary<string, object?> { ["MT-Fault-Timestamp"] = "2026-11-23T10:00:00Z", ["MT-Fault-ExceptionType"] = "System.TimeoutException" };
        // What a redelivery after a crash between commit and ack looks like: the identical message again.
        await PublishAsync(body, headers, marker);
        await PublishAsync(body, headers, marker);
        var marker2 = Guid.NewGuid().ToString("N");
        await PublishAsync(Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{marker2}}}","message":{"orderId":"{{{marker2}}}"}}"""), headers, marker2);

        await Eventually.TrueAsync(async () => await DeadLetterRows.FindAsync(pipeline.Database, marker2) is not null, TimeSpan.FromSeconds(30), "the later message's row");
        await Eventually.TrueAsync(async () => await QueueDepthAsync() == 0, TimeSpan.FromSeconds(30), "the test error queue to be empty");

        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE order_id = @marker", new { marker }));
    }

    [Fact]
    public async Task Killing_a_mover_mid_batch_loses_and_doubles_nothing()
    {
        const int count = 2000;
        var run = Guid.NewGuid().ToString("N")[..12];
        var second = await pipeline.StartHostAsync("Workers.DeadLetter");
        await using (var channel = await pipeline.Rabbit.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            for (var i = 0; i < count; i++)
            {
                var id = $"{run}-{i}";
                await channel.BasicPublishAsync("", PipelineFixture.TestErrorQueue, true,
                    new BasicProperties { MessageId = id, Persistent = true },
                    Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{id}}}","message":{"orderId":"{{{id}}}"}}"""));
            }
        }

        // Kill whichever instance is moving, as soon as the move has started.
        await Eventually.TrueAsync(async () => await MovedAsync(run) > 0, TimeSpan.FromSeconds(30), "the move to start");
        await pipeline.DeadLetterWorker.DisposeAsync();

        await Eventually.TrueAsync(async () => await QueueDepthAsync() == 0 && await MovedAsync(run) == count, TimeSpan.FromSeconds(90),
            "the surviving instance to finish the move");
        Assert.Equal(count, await pipeline.Database.ScalarAsync<long>("SELECT count(DISTINCT order_id) FROM dead_letters WHERE order_id LIKE @p1", new { p1 = run + "-%" }));
        Assert.False(second.HasExited);
    }

    Task<long> MovedAsync(string run) =>
        pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE order_id LIKE @p1", new { p1 = run + "-%" });

    async Task<uint> QueueDepthAsync()
    {
        await using var channel = await pipeline.Rabbit.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(PipelineFixture.TestErrorQueue)).MessageCount;
    }

    async Task PublishAsync(byte[] body, Dictionary<string, object?> headers, string messageId)
    {
        await using var channel = await pipeline.Rabbit.CreateChannelAsync(new CreateChannelOptions(true, true));
        await channel.BasicPublishAsync("", PipelineFixture.TestErrorQueue, true,
            new BasicProperties { MessageId = messageId, Persistent = true, Headers = headers }, body);
    }
}
