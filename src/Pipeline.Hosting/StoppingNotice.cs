using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Hosting;

/// <summary>Says, when the process is told to stop, what happens to the messages it holds (operators see it in the log).</summary>
sealed class StoppingNotice(IHostApplicationLifetime lifetime, IOptions<MassTransitHostOptions> options, ILogger<StoppingNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => logger.LogWarning(
            "Stopping: messages being handled get up to {Seconds} s to finish; whatever fails or is still running then goes back to its queue",
            options.Value.ConsumerStopTimeout?.TotalSeconds));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
