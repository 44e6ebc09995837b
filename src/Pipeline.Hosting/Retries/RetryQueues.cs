using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// Broker-side delayed redelivery. For work queue <c>orders</c> and delay 5 s there is a quorum queue
/// <c>orders_retry_5000ms</c> with <c>x-message-ttl</c> 5000 that dead-letters (at least once) back to
/// <c>orders</c> through the default exchange. A message waiting there holds no consumer slot and no prefetch
/// place. Declared at start for the queues this host consumes; publishes wait for the broker's confirm.
/// </summary>
public sealed class RetryQueues(
    RabbitConnection connection,
    IOptions<RabbitMqOptions> rabbit,
    IOptions<BrokerRedeliveryOptions> redelivery,
    RetryQueueNames names,
    ILogger<RetryQueues> logger) : IHostedService, IAsyncDisposable
{
    LazyChannel? _channel;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The broker may be down at start: declaring is retried on first use as well, so never block the host here.
        try
        {
            await Channel.GetAsync(cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Retry queues not declared yet; will try again when a message needs one");
        }
    }

    public async Task PublishAsync(string queue, int delayMs, ReadOnlyMemory<byte> body, BasicProperties properties, CancellationToken cancellationToken)
    {
        await Channel.PublishAsync("", BrokerRedeliveryOptions.RetryQueueName(queue, delayMs), body, properties, cancellationToken);
    }

    LazyChannel Channel => LazyInitializer.EnsureInitialized(ref _channel, () => new LazyChannel(connection, DeclareAsync));

    async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        foreach (var queue in names.Queues)
        {
            // The error queue, as MassTransit declares it on the first fault (the work queue's arguments): a batch's part that
            // failed for good is moved there directly (ErrorQueue), so it must exist before any fault did.
            await channel.QueueDeclareAsync(queue + "_error", durable: true, exclusive: false, autoDelete: false,
                rabbit.Value.QueueType == "quorum" ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null,
                cancellationToken: cancellationToken);

            foreach (var delay in redelivery.Value.DelaysFor(queue))
            {
                await channel.QueueDeclareAsync(BrokerRedeliveryOptions.RetryQueueName(queue, delay), durable: true, exclusive: false, autoDelete: false,
                    new Dictionary<string, object?>
                    {
                        ["x-queue-type"] = "quorum",
                        ["x-message-ttl"] = delay,
                        ["x-dead-letter-exchange"] = "",
                        ["x-dead-letter-routing-key"] = queue,
                        ["x-dead-letter-strategy"] = "at-least-once",
                        ["x-overflow"] = "reject-publish",
                    }, cancellationToken: cancellationToken);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }
    }
}
