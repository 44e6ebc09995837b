using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using OrderPipeline.Business.Orders;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Business.Sales;

/// <summary>
/// The sale lane's own group commit: a loop of its own, so a sale's line thousands deep never stands in front of an ordinary
/// order, its batches admitted at the sale's pace (<see cref="SalePace"/>).
/// </summary>
public sealed class SaleLane(OrderBook book, IBus bus, IFeatureManager features, IOptions<BusinessOptions> options, IMeterFactory meters,
    ILogger<GroupCommit> logger, SalePace pace, PublishWatch? watch = null) : IAsyncDisposable
{
    public GroupCommit Decisions { get; } = new(book, bus, features, options, meters, logger, PipelineQueues.SaleOrders, pace, watch);

    public ValueTask DisposeAsync() => Decisions.DisposeAsync();
}
