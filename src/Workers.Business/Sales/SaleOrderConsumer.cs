using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using OrderPipeline.Business.Orders;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Business.Sales;

/// <summary>
/// The sale lane's own group commit: a loop of its own, so a sale's line thousands deep never stands in front of an ordinary
/// order, its batches admitted at the sale's pace (<see cref="SalePace"/>).
/// </summary>
public sealed class SaleLane(OrderBook book, IBus bus, IFeatureManager features, IOptions<BusinessOptions> options, IMeterFactory meters,
    ILogger<GroupCommit> logger, SalePace pace) : IAsyncDisposable
{
    public GroupCommit Decisions { get; } = new(book, bus, features, options, meters, logger, PipelineQueues.SaleOrders, pace);

    public ValueTask DisposeAsync() => Decisions.DisposeAsync();
}

/// <summary>Queue <c>orders-sale</c>: hands each sale order to the sale lane, acked once decided and its follow-ups confirmed.</summary>
public sealed class SaleOrderConsumer(SaleLane lane) : IConsumer<SaleOrder>
{
    public Task Consume(ConsumeContext<SaleOrder> context) => lane.Decisions.DecideAsync(context);
}

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
