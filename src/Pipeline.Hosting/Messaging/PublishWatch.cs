using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderPipeline.Hosting.Telemetry;
using BrokerRefusal = RabbitMQ.Client.Exceptions.PublishException;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Reopens the bus's broker connection when its publishes have stopped being confirmed although it is connected: the broker
/// refusing (nacking) publishes with none confirmed for <see cref="RefusedAfter"/>, or publishes timing out with none confirmed
/// for <see cref="StuckAfter"/>. The case it is for (issue 20, ADR 13): on RabbitMQ 3.10 a channel whose first publish to a
/// quorum queue came while the queue's recorded leader was a node that had just died rejects every publish to that queue for
/// as long as the channel lives (it keeps asking the dead node); MassTransit retries on the same channel, so without a new
/// channel nothing the process publishes is queued again. Closing the connection makes MassTransit open a new one (on the
/// next node) with new channels. It hears every MassTransit publish attempt of the bus (an <see cref="IPublishObserver"/>: confirmed or
/// refused); the publishers with a deadline of their own report their timeouts (<see cref="Failed"/>).
/// </summary>
public sealed class PublishWatch(IServiceProvider services, TimeProvider clock, PipelineMetrics metrics, ILogger<PublishWatch> logger) : IPublishObserver
{
    /// <summary>How long the broker may refuse publishes with none confirmed before the connection is reopened (and again after as long).</summary>
    public static readonly TimeSpan RefusedAfter = TimeSpan.FromSeconds(3);

    /// <summary>How long publishes may time out with none confirmed before the connection is reopened (three 5 s publish timeouts).</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(15);

    long _lastConfirmed = clock.GetTimestamp();
    long _lastReopened = clock.GetTimestamp();
    int _reopening;

    /// <summary>The connection's reopening in progress, if any (for tests and the stop).</summary>
    public Task Reopening { get; private set; } = Task.CompletedTask;

    /// <summary>A publish was confirmed by the broker.</summary>
    public void Confirmed() => Volatile.Write(ref _lastConfirmed, clock.GetTimestamp());

    /// <summary>A publish was not confirmed in time: reopens the connection when none has been confirmed for <see cref="StuckAfter"/>.</summary>
    public void Failed() => MaybeReopen(StuckAfter);

    /// <summary>The broker refused (nacked) a publish: reopens the connection when none has been confirmed for <see cref="RefusedAfter"/>.</summary>
    public void Refused() => MaybeReopen(RefusedAfter);

    void MaybeReopen(TimeSpan after)
    {
        if (clock.GetElapsedTime(Volatile.Read(ref _lastConfirmed)) < after || clock.GetElapsedTime(Volatile.Read(ref _lastReopened)) < after ||
            Interlocked.CompareExchange(ref _reopening, 1, 0) != 0)
        {
            return;
        }

        Reopening = ReopenAsync();
    }

    Task IPublishObserver.PrePublish<T>(PublishContext<T> context) => Task.CompletedTask;

    Task IPublishObserver.PostPublish<T>(PublishContext<T> context)
    {
        Confirmed();
        return Task.CompletedTask;
    }

    Task IPublishObserver.PublishFault<T>(PublishContext<T> context, Exception exception)
    {
        // MassTransit wraps a nack in a connection exception and tries again on the same channel.
        if (exception is RabbitMqConnectionException { InnerException: BrokerRefusal { IsReturn: false } })
        {
            Refused();
        }

        return Task.CompletedTask;
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

            logger.LogWarning("No publish confirmed for {Seconds:0.#} s while publishes failed: reopening the broker connection", silent.TotalSeconds);
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
