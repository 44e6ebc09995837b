using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Intake;

/// <summary>
/// Publishes what a request answers for (an order, a delay) <c>mandatory</c>, and waits for the broker's confirm at most
/// <see cref="IntakeOptions.PublishTimeoutSeconds"/>. The publish itself does not run on the request's token: the first publish
/// on a new channel declares the publish topology, which every publish on that channel waits for, and a declare cancelled with
/// one request was started again by the next one. After a broker node was lost a declare could take longer than the timeout
/// while the queue's leader was elected, and then no publish got through again (issue 20: two of ten runs of
/// <c>bench/cluster/run.sh</c>). Now the request stops waiting at the timeout (503: the order may be queued anyway, README
/// "Not promised") while the publish goes on, until it is confirmed, fails, or <see cref="GiveUpAfter"/> passes or the host stops.
/// Publishes that keep timing out with none confirmed make <see cref="PublishWatch"/> reopen the broker connection.
/// </summary>
public sealed class ConfirmedPublisher(IBusControl bus, TimeProvider clock, IOptions<IntakeOptions> options, IHostApplicationLifetime lifetime,
    PublishWatch? watch = null)
{
    /// <summary>How long a publish may go on after its request stopped waiting: past a broker's failover, short of forever.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    /// <summary>False while the bus has no connection: a request is refused at once instead of waiting for the timeout.</summary>
    public bool Connected => bus.CheckHealth().Status != BusHealthStatus.Unhealthy;

    /// <summary>
    /// Completes once the broker confirmed <paramref name="message"/> as queued; throws <see cref="TimeoutException"/> when
    /// that took longer than the publish timeout, or what the publish threw.
    /// </summary>
    public async Task PublishAsync<T>(T message, Action<PublishContext<T>>? configure, CancellationToken requestAborted)
        where T : class
    {
        var giveUp = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        giveUp.CancelAfter(GiveUpAfter);
        Task publish;
        try
        {
            publish = bus.Publish(message, context =>
            {
                // A message no queue is bound to comes back as an error instead of a silent confirm.
                context.Mandatory = true;
                configure?.Invoke(context);
            }, giveUp.Token);
        }
        catch
        {
            giveUp.Dispose();
            throw;
        }

        // The source lives as long as the publish; its fault, if nobody waits any more, is observed here.
        _ = publish.ContinueWith(static (done, source) =>
        {
            _ = done.Exception;
            ((CancellationTokenSource)source!).Dispose();
        }, giveUp, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await publish.WaitAsync(TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds), clock, requestAborted);
        }
        catch (TimeoutException)
        {
            // Not confirmed in time: a broker failing over, or a channel that will never be confirmed again (PublishWatch).
            watch?.Failed();
            throw;
        }

        watch?.Confirmed();
    }
}
