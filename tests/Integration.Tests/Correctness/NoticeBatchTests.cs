namespace OrderPipeline.Integration.Tests.Correctness;

/// <summary>A decision batch's notices travel as one message per channel; each notice still succeeds or fails on its own.</summary>
[Collection(PipelineCollection.Name)]
public sealed class NoticeBatchTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_refused_address_fails_alone_in_its_batch_as_a_dead_letter_of_its_own_and_its_replay_sends_it_once_fixed()
    {
        var good = Enumerable.Range(0, 3).Select(_ => Messages.Confirmed($"{OrderApi.Unique("fine")}@example.com")).ToArray();
        var bad = Messages.Confirmed($"{OrderApi.Unique("refused")}@example.com");
        pipeline.Providers.Fail(bad.Contact.Email!, times: 1000, status: 422, reason: "mailbox does not exist (batch case)");

        await pipeline.PublishAsync(Messages.EmailsOf(good[0], bad, good[1], good[2]));

        // The gateway refused the bulk for the bad address; the others were sent one by one, once each.
        foreach (var order in good)
        {
            await pipeline.AssertEmailSentOnceAsync(order.OrderId);
            Assert.Null(await DeadLetterRows.FindAsync(pipeline.Database, order.OrderId));
        }

        var row = await Eventually.GetAsync(() => DeadLetterRows.FindAsync(pipeline.Database, bad.OrderId), r => r is not null, TimeSpan.FromSeconds(30),
            "the refused notice's dead letter");
        Assert.Equal(("notify-email", "notify-email_error", "OrderPipeline.Contracts:ShopperEmails"), (row!.Queue, row.SourceQueue, row.MessageType));
        Assert.Contains("ShopperEmailsConsumer", row.ConsumerType, StringComparison.Ordinal);
        Assert.Contains("422", row.ExceptionMessage, StringComparison.Ordinal);
        var notice = Assert.Single(JsonDocument.Parse(row.Body).RootElement.GetProperty("message").GetProperty("notices").EnumerateArray());
        Assert.Equal((bad.OrderId, bad.Contact.Email), (notice.GetProperty("orderId").GetString(), notice.GetProperty("to").GetString()));
        Assert.Equal("Failed", await pipeline.Database.ScalarAsync<string>("SELECT status FROM notifications WHERE order_id = @orderId", new { orderId = bad.OrderId }));

        // Fixed at the gateway: on-call replays the row, and the notice goes out once; the others are not sent again.
        pipeline.Providers.Fail(bad.Contact.Email!, times: 0, status: 200);
        await pipeline.JsonAsync(HttpMethod.Post, $"/admin/dead-letters/{row.Id}/replay");
        await pipeline.AssertEmailSentOnceAsync(bad.OrderId);
        foreach (var order in good)
        {
            Assert.Single(pipeline.Providers.ForOrder(order.OrderId), r => r.Status == 200);
        }
    }
}
