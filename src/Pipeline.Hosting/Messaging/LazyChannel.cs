using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// A channel with publisher confirms on the process's <see cref="RabbitConnection"/>, opened on first use and again after
/// the broker closed it; <paramref name="onOpen"/> runs on each new channel (declaring what its publishes need).
/// </summary>
public sealed class LazyChannel(RabbitConnection connection, Func<IChannel, CancellationToken, Task>? onOpen = null) : IAsyncDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    IChannel? _channel;

    public async Task<IChannel> GetAsync(CancellationToken cancellationToken)
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

            if (_channel is not null)
            {
                await _channel.DisposeAsync();
                _channel = null;
            }

            var opened = await (await connection.GetAsync(cancellationToken))
                .CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            if (onOpen is not null)
            {
                try
                {
                    await onOpen(opened, cancellationToken);
                }
                catch
                {
                    // Not kept half set up: the next use opens and declares again.
                    await opened.DisposeAsync();
                    throw;
                }
            }

            _channel = opened;
            return opened;
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
            _channel = null;
        }
    }
}
