using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Publishes bytes as they are (a dead letter's original body and headers) with publisher confirms and
/// <c>mandatory</c>, on one lazily opened channel. For what MassTransit's typed publishing cannot do.
/// </summary>
public sealed class RawPublisher(IOptions<RabbitMqOptions> rabbit) : IAsyncDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    IConnection? _connection;
    IChannel? _channel;

    /// <summary>Straight to a queue through the default exchange; throws if the broker does not confirm it.</summary>
    public async Task PublishToQueueAsync(string queue, ReadOnlyMemory<byte> body, BasicProperties properties, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(cancellationToken);
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, body, cancellationToken);
    }

    async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } again)
            {
                return again;
            }

            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }

                _connection = await rabbit.Value.ConnectionFactory("raw-publisher").CreateConnectionAsync(cancellationToken);
            }

            _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
