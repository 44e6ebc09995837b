using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrderPipeline.Notify.Notifications;

/// <summary>Meter <c>OrderPipeline.Notify</c>: notices by channel and outcome, and how long each provider took to answer.</summary>
public sealed class NoticeMetrics
{
    public const string MeterName = "OrderPipeline.Notify";

    readonly Counter<long> _notices;
    readonly Histogram<double> _provider;

    public NoticeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _notices = meter.CreateCounter<long>("orderpipeline.notify.notices", "{notice}", "Notices by channel and outcome (sent, failed, retry, skipped)");
        _provider = meter.CreateHistogram<double>("orderpipeline.notify.provider.duration", "s",
            "How long a provider took to answer one request (a bulk request counts once), by channel",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void Notices(string channel, NoticeOutcome outcome, int count = 1)
    {
        if (count > 0)
        {
            _notices.Add(count, new("channel", channel), new("outcome", outcome.ToString().ToLowerInvariant()));
        }
    }

    public void ProviderAnswered(string channel, long startedTimestamp) =>
        _provider.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("channel", channel));
}
