using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// A channel with publisher confirms on the process's <see cref="RabbitConnection"/>, opened on first use and again after
/// the broker closed it; <paramref name="onOpen"/> runs on each new channel (declaring what its publishes need). A channel
/// whose declarations failed is disposed, not kept: the next use opens and declares again.
/// </summary>
public sealed class LazyChannel(RabbitConnection connection, Func<IChannel, CancellationToken, Task>? onOpen = null) : IAsyncDisposable
{
    readonly Reopening<IChannel> _channel = new(async cancellationToken =>
    {
        var opened = await (await connection.GetAsync(cancellationToken))
            .CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        try
        {
            if (onOpen is not null)
            {
                await onOpen(opened, cancellationToken);
            }

            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }, channel => channel.IsOpen);

    public Task<IChannel> GetAsync(CancellationToken cancellationToken) => _channel.GetAsync(cancellationToken);

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
