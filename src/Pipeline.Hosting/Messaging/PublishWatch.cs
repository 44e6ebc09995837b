using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderPipeline.Hosting.Telemetry;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Reopens the bus's broker connection when its publishes have stopped being confirmed although it is connected: no publish
/// confirmed for <see cref="StuckAfter"/> while publishes kept failing. The case it is for (issue 20, ADR 13): on RabbitMQ 3.10
/// a channel whose first publish to a quorum queue came while the queue's recorded leader was a node that had just died
/// rejects every publish to that queue for as long as the channel lives (the channel keeps asking the dead node); MassTransit
/// retries on the same channel, so without a new channel nothing the process publishes is queued again. Closing the connection
/// makes MassTransit open a new one (on the next node) with new channels. At most once per <see cref="StuckAfter"/>.
/// </summary>
public sealed class PublishWatch(IServiceProvider services, TimeProvider clock, PipelineMetrics metrics, ILogger<PublishWatch> logger)
{
    /// <summary>How long publishes may fail with none confirmed before the connection is reopened (three 5 s publish timeouts).</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(15);

    long _lastConfirmed = clock.GetTimestamp();
    long _lastReopened = clock.GetTimestamp();
    int _reopening;

    /// <summary>The connection's reopening in progress, if any (for tests and the stop).</summary>
    public Task Reopening { get; private set; } = Task.CompletedTask;

    /// <summary>A publish was confirmed by the broker.</summary>
    public void Confirmed() => Volatile.Write(ref _lastConfirmed, clock.GetTimestamp());

    /// <summary>A publish was not confirmed in time, or refused: reopens the connection when none has been confirmed for a while.</summary>
    public void Failed()
    {
        if (clock.GetElapsedTime(Volatile.Read(ref _lastConfirmed)) < StuckAfter || clock.GetElapsedTime(Volatile.Read(ref _lastReopened)) < StuckAfter ||
            Interlocked.CompareExchange(ref _reopening, 1, 0) != 0)
        {
            return;
        }

        Reopening = ReopenAsync();
    }

    async Task ReopenAsync()
    {
        try
        {
            var silent = clock.GetElapsedTime(Volatile.Read(ref _lastConfirmed));
            if (services.GetService<Bind<IBus, IBusInstance>>()?.Value.HostConfiguration is not IRabbitMqHostConfiguration host)
            {
                return;
            }

            logger.LogWarning("No publish confirmed for {Seconds:0} s while publishes failed: reopening the broker connection", silent.TotalSeconds);
            metrics.ConnectionReopened();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.ConnectionContextSupervisor.Send(Pipe.ExecuteAsync<ConnectionContext>(context =>
                context.Connection.CloseAsync(RabbitMQ.Client.Constants.ConnectionForced, "OrderPipeline: no publish confirmed, reopening",
                    TimeSpan.FromSeconds(5), abort: true, timeout.Token)), timeout.Token);
        }
        catch (Exception e)
        {
            // A connection that is already gone is what was wanted; anything else is tried again after the next StuckAfter.
            logger.LogWarning(e, "Reopening the broker connection did not complete");
        }
        finally
        {
            Volatile.Write(ref _lastReopened, clock.GetTimestamp());
            Volatile.Write(ref _reopening, 0);
        }
    }
}
