using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// Says in the log when a work queue stops or starts being consumed outside a shutdown, which is what the kill switch
/// does when a dependency fails: on-call sees "stopped consuming" at warning level and the restart after it.
/// </summary>
/// <remarks>A stop or start for a flag (<see cref="Flags.EndpointPauses"/>) is logged there, not here.</remarks>
public sealed class EndpointStateLog(string queue, IHostApplicationLifetime lifetime, ILogger logger, Func<bool> flagTransition, KillSwitches switches)
    : IReceiveEndpointObserver
{
    int _starts;

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (Interlocked.Increment(ref _starts) > 1 && !flagTransition())
        {
            logger.LogWarning("Consuming from {Queue} again (kill switch restart)", queue);
            switches.Tripped(queue, stopped: false);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping)
    {
        if (!lifetime.ApplicationStopping.IsCancellationRequested && !flagTransition())
        {
            logger.LogWarning("Stopped consuming from {Queue}: the kill switch tripped on too many transient failures; messages wait in the queue", queue);
            switches.Tripped(queue, stopped: true);
        }

        return Task.CompletedTask;
    }

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
