using MassTransit;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Orders;

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
