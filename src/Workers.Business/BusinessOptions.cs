using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Business;

/// <summary>Section <c>Business</c> (environment: <c>Business__BatchSize</c>, ...).</summary>
public sealed class BusinessOptions
{
    public const string Section = "Business";

    /// <summary>Most orders decided in one transaction.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 100;

    /// <summary>Orders the broker hands over ahead of their decision (at least two batches).</summary>
    [Range(1, 10000)] public int PrefetchCount { get; set; } = 200;

    /// <summary>
    /// Sale orders the broker hands over ahead of their turn (queue <c>orders-sale</c>). Concurrent sales are kept apart in the worker,
    /// so their lines together up to this deep never wait behind each other's pace. Bounded by RabbitMQ's consumer timeout (30 min by
    /// default): an order held longer than that is redelivered, so keep it below 30 minutes of the slowest pace.
    /// </summary>
    [Range(1, 50_000)] public int SalePrefetchCount { get; set; } = 1000;

    /// <summary>In-process retries of a failed order (transient database or broker faults); default 100, 500, 2000.</summary>
    /// <remarks>Empty by default: configuration binding appends to an array, it does not replace it.</remarks>
    public int[] RetryIntervalsMs { get; set; } = [];

    /// <summary>How long an order's follow-up may wait for the broker's confirm before the order fails (and is redelivered).</summary>
    [Range(1, 600)] public int FollowUpPublishTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Delay notices per <c>DelayNoticeChunk</c> (one bulk request to the gateway each). 1,000 (the most a bulk request of the
    /// common SMS gateways takes): 50,000 notices in 983 ms against 1,102-1,227 ms with 500 (bench/README.md, delay-fanout).
    /// </summary>
    [Range(1, 5000)] public int DelayChunkSize { get; set; } = 1000;

    /// <summary>
    /// The first slice of a delay's orders (marked and committed in one transaction, its notices sent while the next is
    /// marked); each next slice is twice the last, up to <see cref="DelaySliceSize"/>. Measured: bench/README.md, delay-fanout.
    /// </summary>
    [Range(1, 1_000_000)] public int DelayFirstSliceSize { get; set; } = 2000;

    /// <summary>The largest slice: bounds the business worker's memory (one slice's recipients) and each transaction's length.</summary>
    [Range(1, 1_000_000)] public int DelaySliceSize { get; set; } = 20_000;

    public TimeSpan[] RetryIntervals() =>
        (RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : [100, 500, 2000]).Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();
}
