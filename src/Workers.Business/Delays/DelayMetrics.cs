using System.Diagnostics.Metrics;
using OrderPipeline.Business.Orders;

namespace OrderPipeline.Business.Delays;

/// <summary>A delay's fan-out on meter <c>OrderPipeline.Business</c>: orders marked delayed and notice chunks queued for the notify worker.</summary>
public sealed class DelayMetrics
{
    readonly Counter<long> _orders;
    readonly Counter<long> _chunks;

    public DelayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GroupCommit.MeterName);
        _orders = meter.CreateCounter<long>("orderpipeline.business.delays.orders", "{order}", "Orders marked delayed by a seller's delay");
        _chunks = meter.CreateCounter<long>("orderpipeline.business.delays.chunks", "{chunk}", "Delay notice chunks queued for the notify worker");
    }

    public void Marked(int orders, int chunks)
    {
        _orders.Add(orders);
        _chunks.Add(chunks);
    }
}
