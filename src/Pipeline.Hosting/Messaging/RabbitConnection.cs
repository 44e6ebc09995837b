using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// The one broker connection a process opens below MassTransit (retry queues, raw replay, draining the error queues),
/// opened on first use and reopened if the broker closed it. Each user keeps its own channel (<see cref="LazyChannel"/>).
/// </summary>
public sealed class RabbitConnection(IOptions<RabbitMqOptions> rabbit, IHostEnvironment environment) : IAsyncDisposable
{
    readonly Reopening<IConnection> _connection = new(
        cancellationToken => rabbit.Value.ConnectionFactory(environment.ApplicationName).CreateConnectionAsync(rabbit.Value.Endpoints(), cancellationToken),
        connection => connection.IsOpen);

    public Task<IConnection> GetAsync(CancellationToken cancellationToken) => _connection.GetAsync(cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
