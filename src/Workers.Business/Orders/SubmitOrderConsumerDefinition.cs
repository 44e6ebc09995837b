using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Queue <c>orders</c>. Every prefetched order may be waiting in <see cref="GroupCommit"/> at once (the
/// concurrency limit equals the prefetch count, at least two batches), which decides one batch at a time. A
/// failed order is retried alone in process; what still fails waits in a broker-side retry queue
/// (<c>Redelivery</c> settings) before it is tried again.
/// </summary>
public sealed class SubmitOrderConsumerDefinition : ConsumerDefinition<SubmitOrderConsumer>
{
    readonly BusinessOptions _options;

    public SubmitOrderConsumerDefinition(IOptions<BusinessOptions> options)
    {
        _options = options.Value;
        EndpointName = PipelineQueues.Orders;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SubmitOrderConsumer> consumerConfigurator, IRegistrationContext context) =>
        OrderLanes.Configure(endpointConfigurator, consumerConfigurator, _options, _options.PrefetchCount);
}

/// <summary>What the ordinary and the sale lane's endpoints share.</summary>
public static class OrderLanes
{
    /// <summary>
    /// On the consumer, inside the broker-side redelivery filter the endpoint has: retried here first, parked after. Every
    /// prefetched order (at least two batches) may wait in its group commit at once.
    /// </summary>
    public static void Configure<T>(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<T> consumer, BusinessOptions options, int prefetch)
        where T : class
    {
        consumer.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(options.RetryIntervals());
        });
        endpoint.PrefetchCount = Math.Max(prefetch, 2 * options.BatchSize);
        endpoint.ConcurrentMessageLimit = endpoint.PrefetchCount;
    }
}
