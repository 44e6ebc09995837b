using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using OrderPipeline.Contracts;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

/// <summary>
/// The intake's publish outlives the request that waits for it (issue 20): a publish held up longer than the publish timeout
/// (on the broker, a topology declare during a node's failover) is answered with a timeout but not cancelled, so the next
/// publishes are not held up by it being started again and again. On MassTransit's test harness, a publish filter holding the
/// publish stands in for the slow broker.
/// </summary>
public sealed class ConfirmedPublisherTests
{
    [Fact]
    public async Task A_publish_the_request_stopped_waiting_for_goes_on_and_is_queued_once_the_broker_answers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new ConcurrentQueue<CancellationToken>();
        await using var provider = Services(gate, held);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var publisher = provider.GetRequiredService<ConfirmedPublisher>();
        Assert.True(publisher.Connected);

        using var request = new CancellationTokenSource();
        await Assert.ThrowsAsync<TimeoutException>(() => publisher.PublishAsync(Order("first"), null, request.Token));
        // The request is over (its connection closed), and a second request's publish is held up behind the first as well.
        await request.CancelAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => publisher.PublishAsync(Order("second"), null, CancellationToken.None));

        Assert.Equal(2, held.Count);
        Assert.All(held, token => Assert.False(token.IsCancellationRequested, "a held publish was cancelled with its request"));
        Assert.Empty(harness.Published.Select<SubmitOrder>());

        gate.SetResult();
        // Both are published once the broker answers: nobody cancelled them in the meantime.
        await Eventually(() => harness.Published.Select<SubmitOrder>().Select(m => m.Context.Message.OrderId).Order().SequenceEqual(["first", "second"]));
        // Mandatory, so a message no queue takes comes back instead of being confirmed.
        Assert.All(harness.Published.Select<SubmitOrder>(), m => Assert.True(m.Context.Mandatory));

        // Once the broker answers within the timeout, the caller waits for it and is done.
        await publisher.PublishAsync(Order("third"), null, CancellationToken.None);
        Assert.Contains(harness.Published.Select<SubmitOrder>(), m => m.Context.Message.OrderId == "third");
    }

    [Fact]
    public async Task A_publish_that_fails_in_time_fails_its_request_with_the_fault()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetException(new InvalidOperationException("unroutable"));
        await using var provider = Services(gate, new ConcurrentQueue<CancellationToken>());
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            provider.GetRequiredService<ConfirmedPublisher>().PublishAsync(Order("refused"), null, CancellationToken.None));
        Assert.Equal("unroutable", fault.Message);
        Assert.Empty(harness.Published.Select<SubmitOrder>());
    }

    static SubmitOrder Order(string orderId) => new()
    {
        OrderId = orderId, CustomerId = "c", SellerId = "s", Items = [new OrderLine { ProductId = "p", Quantity = 1 }],
        Contact = new ContactInfo { Email = "c@example.com" }, RequestHash = "h", AcceptedAt = DateTimeOffset.UtcNow,
    };

    static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not published within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>The publisher on the harness, with a publish timeout of 1 s and every publish held until <paramref name="gate"/> completes.</summary>
    static ServiceProvider Services(TaskCompletionSource gate, ConcurrentQueue<CancellationToken> held)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostApplicationLifetime>(new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance));
        services.AddOptions<IntakeOptions>().Configure(o => o.PublishTimeoutSeconds = 1);
        services.AddSingleton<ConfirmedPublisher>();
        services.AddMassTransitTestHarness(x => x.UsingInMemory((context, cfg) =>
        {
            cfg.ConfigurePublish(p => p.UseExecuteAsync(async publish =>
            {
                held.Enqueue(publish.CancellationToken);
                await gate.Task;
            }));
            cfg.ConfigureEndpoints(context);
        }));
        return services.BuildServiceProvider(true);
    }
}
