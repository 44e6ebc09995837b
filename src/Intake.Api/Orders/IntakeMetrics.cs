using System.Diagnostics.Metrics;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// Meter <c>OrderPipeline.Intake</c>: <c>orderpipeline.intake.orders.accepted</c> (tag <c>lane</c>: <c>orders</c> or
/// <c>orders-sale</c>) and <c>orderpipeline.intake.orders.refused</c> (tag <c>reason</c>), for dashboards. The surge signal
/// (<c>GET /admin/scaling/signal</c> on the admin host) reads the lanes' publish rates from the broker instead, across every intake
/// instance.
/// </summary>
public sealed class IntakeMetrics
{
    public const string MeterName = "OrderPipeline.Intake";

    readonly Counter<long> _accepted;
    readonly Counter<long> _refused;

    public IntakeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("orderpipeline.intake.orders.accepted", "{order}", "Orders accepted (202) by lane");
        _refused = meter.CreateCounter<long>("orderpipeline.intake.orders.refused", "{order}",
            "Orders refused at the intake by reason (paused, malformed, loading, invalid, rate_limited, sold_out, idempotency_conflict, not_queued)");
    }

    public void Accepted(string lane) => _accepted.Add(1, new KeyValuePair<string, object?>("lane", lane));

    /// <summary>Counts the refusal and hands <paramref name="answer"/> back.</summary>
    public T Refused<T>(string reason, T answer)
    {
        _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return answer;
    }
}
