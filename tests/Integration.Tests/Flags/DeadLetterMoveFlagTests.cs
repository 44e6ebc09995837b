using System.Text;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Flags;

[Collection(PipelineCollection.Name)]
public sealed class DeadLetterMoveFlagTests(PipelineFixture pipeline)
{
    const string Skipped = "Dead-letter move skipped";

    async Task FlipAsync(bool enabled)
    {
        using var response = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Put, "/admin/flags/Workers.DeadLetter.Move", "dev-developer-key",
            new { enabled, reason = enabled ? "resume moving" : "pause moving while the table is migrated" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Counted over every host: another test replaces the fixture's dead-letter worker with a second instance.
    [Fact]
    public async Task Turning_the_move_off_leaves_messages_in_the_error_queue_and_turning_it_on_moves_them()
    {
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            await FlipAsync(false);
            await Eventually.TrueAsync(() => Task.FromResult(pipeline.CountLines(Skipped) > 0), TimeSpan.FromSeconds(30),
                $"the dead-letter worker to apply the flip\n{pipeline.HostOutput}");

            await using (var channel = await pipeline.Rabbit.CreateChannelAsync(new CreateChannelOptions(true, true)))
            {
                await channel.BasicPublishAsync("", PipelineFixture.TestErrorQueue, true, new BasicProperties { MessageId = marker, Persistent = true },
                    Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{marker}}}","message":{"orderId":"{{{marker}}}"}}"""));
            }

            // Two more runs of the job (one a second here) pass with the message waiting: it stays in the queue, no row.
            var runs = pipeline.CountLines(Skipped);
            await Eventually.TrueAsync(() => Task.FromResult(pipeline.CountLines(Skipped) >= runs + 2), TimeSpan.FromSeconds(30),
                "two paused runs of the job");
            Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE order_id = @marker", new { marker }));
            Assert.True(await DepthAsync() >= 1);
        }
        finally
        {
            await FlipAsync(true);
        }

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE order_id = @marker", new { marker }) == 1,
            TimeSpan.FromSeconds(30), "the waiting message to be moved");
    }

    async Task<uint> DepthAsync()
    {
        await using var channel = await pipeline.Rabbit.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(PipelineFixture.TestErrorQueue)).MessageCount;
    }
}
