using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;

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
