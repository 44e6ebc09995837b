using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// A channel with publisher confirms on the process's <see cref="RabbitConnection"/>, opened on first use and again after
/// the broker closed it or refused a publish on it; <paramref name="onOpen"/> runs on each new channel (declaring what its
/// publishes need). A channel whose declarations failed is disposed, not kept: the next use opens and declares again.
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

    /// <summary>
    /// Publishes <c>mandatory</c> and waits for the broker's confirm. A channel the broker refused (nacked) a publish on is
    /// discarded: on RabbitMQ 3.10 a channel that met a quorum queue's dead leader refuses every publish to that queue for
    /// good (ADR 13), and a new channel finds the new leader. The refusal is still thrown: the caller's retry goes on the new one.
    /// </summary>
    public async Task PublishAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties properties,
        CancellationToken cancellationToken)
    {
        var channel = await GetAsync(cancellationToken);
        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, cancellationToken);
        }
        catch (PublishException e) when (!e.IsReturn)
        {
            await _channel.DiscardAsync(channel);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
