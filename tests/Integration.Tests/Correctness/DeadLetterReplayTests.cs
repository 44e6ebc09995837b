using System.Text;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Correctness;

/// <summary>Replays that fail again, replays that cannot be sent, and the queues the mover drains.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DeadLetterReplayTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_replayed_message_that_dies_at_the_delivery_limit_again_is_a_new_row_linked_to_the_first()
    {
        var queue = OrderApi.Unique("crashy");
        var orderId = OrderApi.Unique("ord");
        var messageId = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{messageId}}}","messageType":["urn:message:Test:Crash"],"message":{"orderId":"{{{orderId}}}"}}""");
        await using var channel = await pipeline.Rabbit.CreateChannelAsync(new CreateChannelOptions(true, true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);

        // The broker dead-letters a message that crashed its consumer 20 times; the mover stores it.
        await DieAtDeliveryLimitAsync(channel, queue, body, messageId, new Dictionary<string, object?>());
        var first = await Eventually.GetAsync(() => DeadLetterRows.ForOrderAsync(pipeline.Database, orderId), r => r.Count == 1, TimeSpan.FromSeconds(30), "the first row");
        Assert.Equal("DeliveryLimit", first[0].Kind);

        // Replayed, it crashes its consumer again and dies again the same way.
        var replayed = await pipeline.JsonAsync(HttpMethod.Post, $"/admin/dead-letters/{first[0].Id}/replay");
        Assert.Equal("Replayed", replayed.GetProperty("status").GetString());
        var back = await Eventually.GetAsync(() => channel.BasicGetAsync(queue, autoAck: true), d => d is not null, TimeSpan.FromSeconds(10), "the replayed message");
        await DieAtDeliveryLimitAsync(channel, queue, back!.Body.ToArray(), messageId, back.BasicProperties.Headers!.ToDictionary());

        var rows = await Eventually.GetAsync(() => DeadLetterRows.ForOrderAsync(pipeline.Database, orderId), r => r.Count == 2, TimeSpan.FromSeconds(30),
            "the second death as a row of its own");
        Assert.Equal(first[0].Id, await pipeline.Database.ScalarAsync<long>("SELECT replay_of FROM dead_letters WHERE id = @p1", new { p1 = rows[1].Id }));
        Assert.Equal("New", rows[1].Status);
        Assert.Equal(rows[0].Body, rows[1].Body);
    }

    [Fact]
    public async Task The_queues_the_mover_drains_are_outside_the_delivery_limit_policy_and_work_queues_inside_it()
    {
        var name = OrderApi.Unique("policy");
        await using var channel = await pipeline.Rabbit.CreateChannelAsync();
        // Quorum queues, as MassTransit declares the work queues and their error and skipped queues (the policy's keys are
        // quorum-only: RabbitMQ 3.10 applies it to no classic queue).
        foreach (var queue in (string[])[name, name + "_error", name + "_skipped"])
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        }

        async Task<string?> PolicyOf(string queue) =>
            (await ManagementApi.QueueAsync(pipeline.Vhost.Name, queue)).TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.String
                ? policy.GetString() : null;

        // The policy applies within moments of a declaration (the management API reads it from the queue's state).
        await Eventually.TrueAsync(async () => await PolicyOf(name) == "op-quorum-delivery-limit", TimeSpan.FromSeconds(10), "the work queue's policy");
        Assert.Null(await PolicyOf(name + "_error"));
        Assert.Null(await PolicyOf(name + "_skipped"));
        Assert.Null(await PolicyOf("delivery_limit"));
    }

    [Fact]
    public async Task A_dead_letter_whose_queue_is_gone_is_not_replayed_says_why_and_the_rest_of_the_job_goes_on()
    {
        // Rows of the tests' own error queue belong to queue "test", which does not exist: as a queue retired since the failure.
        var marker = OrderApi.Unique("retired");
        await using (var channel = await pipeline.Rabbit.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            await channel.BasicPublishAsync("", PipelineFixture.TestErrorQueue, true, new BasicProperties { MessageId = Guid.NewGuid().ToString(), Persistent = true },
                Encoding.UTF8.GetBytes($$$"""{"messageType":["urn:message:Test:Old"],"message":{"orderId":"{{{marker}}}"}}"""));
        }

        var retired = await Eventually.GetAsync(() => DeadLetterRows.FindAsync(pipeline.Database, marker), r => r is not null, TimeSpan.FromSeconds(30), "the retired row");
        var failed = await pipeline.FailedOrdersAsync(2, $"replayable {marker}");
        pipeline.Providers.Fail(failed.Email, times: 0, status: 200);

        // A single replay answers 409 with the reason, and the row keeps it.
        using (var single = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, $"/admin/dead-letters/{retired!.Id}/replay")))
        {
            Assert.Equal(HttpStatusCode.Conflict, single.StatusCode);
            Assert.Contains("does not exist", await single.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("New", await pipeline.Database.ScalarAsync<string>("SELECT status FROM dead_letters WHERE id = @id", new { id = retired.Id }));
        Assert.Contains("does not exist", await pipeline.Database.ScalarAsync<string>("SELECT replay_error FROM dead_letters WHERE id = @id", new { id = retired.Id }), StringComparison.Ordinal);

        // A job over all three: the two are replayed and their orders e-mailed, the retired one is recorded and passed over.
        using var created = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, "/admin/dead-letters/replay", body: new
        {
            ids = failed.Ids.Prepend(retired.Id).ToArray(), ratePerSecond = 100, batchSize = 10,
        }));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var jobId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await Eventually.GetAsync(() => pipeline.JsonAsync(HttpMethod.Get, $"/admin/dead-letters/replay-jobs/{jobId}"),
            j => j.GetProperty("status").GetString() == "Done", TimeSpan.FromSeconds(30), "the job to finish");
        Assert.Equal(2, done.GetProperty("replayed").GetInt32());
        Assert.Equal(1, done.GetProperty("notReplayed").GetInt32());
        Assert.Equal(0, done.GetProperty("remaining").GetInt32());
        foreach (var order in failed.Orders)
        {
            await pipeline.AssertEmailSentOnceAsync(order);
        }

        Assert.Equal(2, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM triage_audit WHERE dead_letter_id = @id AND action = 'replay-refused'", new { id = retired.Id }));
    }

    /// <summary>What the broker does at a quorum queue's delivery limit: the message, with an x-death entry, into delivery_limit.</summary>
    static async Task DieAtDeliveryLimitAsync(IChannel channel, string queue, byte[] body, string messageId, Dictionary<string, object?> headers)
    {
        headers["x-death"] = new List<object?>
        {
            new Dictionary<string, object?> { ["queue"] = queue, ["reason"] = "delivery_limit", ["count"] = 1L, ["exchange"] = "" },
        };
        headers["x-first-death-reason"] = "delivery_limit";
        await channel.BasicPublishAsync("", "delivery_limit", true, new BasicProperties { MessageId = messageId, Persistent = true, Headers = headers }, body);
    }
}
