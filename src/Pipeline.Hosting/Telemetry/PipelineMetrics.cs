using System.Diagnostics.Metrics;
using OrderPipeline.Hosting.Flags;

namespace OrderPipeline.Hosting.Telemetry;

/// <summary>
/// Meter <c>OrderPipeline.Messaging</c>, what every host's messaging shares: redeliveries through the retry queues, kill-switch
/// trips, reopened broker connections, every flag's state in this process and how long a flip took to reach it.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "OrderPipeline.Messaging";

    readonly Counter<long> _redelivered;
    readonly Counter<long> _trips;
    readonly Histogram<double> _flagLag;
    readonly Counter<long> _reopened;

    public PipelineMetrics(IMeterFactory meters, FlagCache flags)
    {
        var meter = meters.Create(MeterName);
        _redelivered = meter.CreateCounter<long>("orderpipeline.messages.redelivered", "{message}",
            "Messages parked in a retry queue, by queue and kind (retry: a failure, deferred: the target was busy)");
        _trips = meter.CreateCounter<long>("orderpipeline.killswitch.trips", "{trip}", "Times a queue's kill switch stopped its consumer, by queue");
        _reopened = meter.CreateCounter<long>("orderpipeline.messaging.connection.reopened", "{reopening}",
            "Times the broker connection was reopened because no publish was confirmed on it (PublishWatch)");
        _flagLag = meter.CreateHistogram<double>("orderpipeline.flags.ack_lag", "s", "From a flag's flip to this process hearing of it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        meter.CreateObservableGauge("orderpipeline.flags.enabled",
            () => flags.All.Select(f => new Measurement<int>(f.Enabled ? 1 : 0, new KeyValuePair<string, object?>("flag", f.Name))),
            description: "Each flag's state in this process (1 on, 0 off)");
        meter.CreateObservableGauge("orderpipeline.flags.version", () => flags.Version, description: "The flag version this process applied");
    }

    public void Redelivered(string queue, bool deferred) =>
        _redelivered.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("kind", deferred ? "deferred" : "retry"));

    public void KillSwitchTripped(string queue) => _trips.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void ConnectionReopened() => _reopened.Add(1);

    public void FlagHeard(TimeSpan lag) => _flagLag.Record(Math.Max(0, lag.TotalSeconds));
}
