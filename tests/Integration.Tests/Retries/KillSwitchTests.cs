namespace OrderPipeline.Integration.Tests.Retries;

/// <summary>
/// The kill switch on a notify worker of its own (own vhost, low thresholds: trips at 50 % failures after 3 attempts, restarts
/// after 3 s), so that tripping it does not pause the other tests.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class KillSwitchTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_provider_outage_stops_consuming_instead_of_burning_retries_and_consumption_resumes_by_itself()
    {
        await using var vhost = await TestVhost.CreateAsync();
        await using var notify = await pipeline.StartHostAsync("Workers.Notify", new Dictionary<string, string>
        {
            ["RabbitMq__VirtualHost"] = vhost.Name,
            ["KillSwitch__ActivationThreshold"] = "3",
            ["KillSwitch__TripThresholdPercent"] = "50",
            ["KillSwitch__RestartTimeoutSeconds"] = "3",
        });
        var email = $"{OrderApi.Unique("outage")}@example.com";
        pipeline.Providers.Fail(email, times: 100_000, status: 503, reason: "gateway overloaded for kill switch case");
        var orders = Enumerable.Range(0, 5).Select(_ => Messages.Confirmed(email)).ToArray();

        await pipeline.PublishToAsync(vhost.Name, orders.Select(o => Messages.EmailsOf(o)).ToArray());

        // The outage trips the switch; after 3 s the endpoint tries again, meets the outage and stops again. Each message
        // has 5 deliveries of 300-1200 ms apart: without the switch all five would have been dead-lettered by now.
        const string Stopped = "Stopped consuming from notify-email";
        await Eventually.TrueAsync(() => Task.FromResult(notify.CountLines(Stopped) >= 2), TimeSpan.FromSeconds(60),
            $"the kill switch to stop the endpoint twice\n{notify.Output}");
        Assert.True(notify.CountLines("Consuming from notify-email again") >= 1, notify.Output);

        // The provider is back: the endpoint restarts by itself and every message is delivered, once.
        pipeline.Providers.Fail(email, times: 0, status: 200);
        foreach (var order in orders)
        {
            await pipeline.AssertEmailSentOnceAsync(order.OrderId, notify.Output);
        }

        Assert.Equal(0u, await vhost.ReadyAsync("notify-email_error"));
    }
}
