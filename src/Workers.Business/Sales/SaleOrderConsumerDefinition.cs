using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Business.Orders;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Business.Sales;

/// <summary>
/// Queue <c>orders-sale</c>, configured as <c>orders</c> is (in-process retries, then broker-side retry queues), with a prefetch of
/// <see cref="BusinessOptions.SalePrefetchCount"/>: every sale running at once has its orders in the worker, each in its own line,
/// so a slow sale does not hold a fast one up while their lines together are shorter than that (ADR 9).
/// </summary>
public sealed class SaleOrderConsumerDefinition : ConsumerDefinition<SaleOrderConsumer>
{
    readonly BusinessOptions _options;

    public SaleOrderConsumerDefinition(IOptions<BusinessOptions> options)
    {
        _options = options.Value;
        EndpointName = PipelineQueues.SaleOrders;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SaleOrderConsumer> consumerConfigurator, IRegistrationContext context) =>
        OrderLanes.Configure(endpointConfigurator, consumerConfigurator, _options, _options.SalePrefetchCount);
}
