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
    readonly SemaphoreSlim _gate = new(1, 1);
    IConnection? _connection;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } again)
            {
                return again;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = await rabbit.Value.ConnectionFactory(environment.ApplicationName).CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
