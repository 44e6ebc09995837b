using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Publishes bytes as they are (a dead letter's original body and headers) with publisher confirms and
/// <c>mandatory</c>, on one lazily opened channel. For what MassTransit's typed publishing cannot do.
/// </summary>
public sealed class RawPublisher(RabbitConnection connection) : IAsyncDisposable
{
    readonly LazyChannel _channel = new(connection);

    /// <summary>Straight to a queue through the default exchange; throws if the broker does not confirm it.</summary>
    public async Task PublishToQueueAsync(string queue, ReadOnlyMemory<byte> body, BasicProperties properties, CancellationToken cancellationToken)
    {
        await _channel.PublishAsync("", queue, body, properties, cancellationToken);
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
