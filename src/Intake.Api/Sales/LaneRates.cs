using System.Diagnostics.Metrics;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// What this instance accepts per lane: counter <c>orderpipeline.intake.orders.accepted</c> (tag <c>lane</c>: <c>orders</c> or
/// <c>orders-sale</c>) for dashboards. The surge signal (<c>GET /admin/scaling/signal</c> on the admin host) reads the lanes'
/// publish rates from the broker instead, across every intake instance.
/// </summary>
public sealed class LaneRates(IMeterFactory meters)
{
    public const string MeterName = "OrderPipeline.Intake";

    readonly Counter<long> _accepted =
        meters.Create(MeterName).CreateCounter<long>("orderpipeline.intake.orders.accepted", "{order}", "Orders accepted (202) by lane");

    public void Accepted(string lane) => _accepted.Add(1, new KeyValuePair<string, object?>("lane", lane));
}
