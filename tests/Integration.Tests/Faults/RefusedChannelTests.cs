using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrderPipeline.Integration.Tests.Faults;

/// <summary>
/// A channel the broker refused (nacked) a publish on is not used again (<see cref="LazyChannel.PublishAsync"/>): on RabbitMQ
/// 3.10 such a channel can refuse every later publish to a quorum queue whose leader died (ADR 13), and the retry queues, the
/// error-queue moves and the dead-letter replays publish on these channels. Here the real broker refuses a publish because its
/// queue is full (a classic queue of length 0 with <c>reject-publish</c>); a returned (unroutable) message keeps the channel.
/// </summary>
public sealed class RefusedChannelTests
{
    [Fact]
    public async Task A_refused_publish_discards_its_channel_and_the_next_publish_opens_another()
    {
        await using var vhost = await TestVhost.CreateAsync();
        await using var connection = new RabbitConnection(Options.Create(new RabbitMqOptions
        {
            VirtualHost = vhost.Name, Username = TestEnvironment.RabbitUser, Password = TestEnvironment.RabbitPassword,
        }), new HostingEnvironment { ApplicationName = "tests" });
        await using var lazy = new LazyChannel(connection, (channel, cancellationToken) => channel.QueueDeclareAsync("full", durable: true, exclusive: false,
            autoDelete: false, new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" }, cancellationToken: cancellationToken));
        var body = "{}"u8.ToArray();

        var first = await lazy.GetAsync(CancellationToken.None);
        // Unroutable: returned, not refused; the channel stays.
        var returned = await Assert.ThrowsAsync<PublishReturnException>(() =>
            lazy.PublishAsync("", "no-such-queue", body, new BasicProperties(), CancellationToken.None));
        Assert.True(returned.IsReturn);
        Assert.Same(first, await lazy.GetAsync(CancellationToken.None));

        // Refused by the queue: the caller is told, and the channel is closed and replaced.
        var refused = await Assert.ThrowsAsync<PublishException>(() => lazy.PublishAsync("", "full", body, new BasicProperties(), CancellationToken.None));
        Assert.False(refused.IsReturn);
        Assert.False(first.IsOpen);
        var second = await lazy.GetAsync(CancellationToken.None);
        Assert.NotSame(first, second);
        Assert.True(second.IsOpen);
        Assert.Equal(0u, (await second.QueueDeclarePassiveAsync("full")).MessageCount);
    }
}
