using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// What this instance accepts per lane: counter <c>orderpipeline.intake.orders.accepted</c> (tag <c>lane</c>: <c>orders</c> or
/// <c>orders-sale</c>) for dashboards, and a rate over the last 10 seconds for <c>GET /admin/scaling/signal</c>, which a KEDA
/// metrics-API trigger polls to scale up at once on a surge nobody announced.
/// </summary>
public sealed class LaneRates
{
    public const string MeterName = "OrderPipeline.Intake";
    const int WindowSeconds = 10;

    readonly TimeProvider _clock;
    readonly Counter<long> _accepted;
    readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public LaneRates(TimeProvider clock, IMeterFactory meters)
    {
        _clock = clock;
        _accepted = meters.Create(MeterName).CreateCounter<long>("orderpipeline.intake.orders.accepted", "{order}", "Orders accepted (202) by lane");
        _windows[PipelineQueues.Orders] = new Window();
        _windows[PipelineQueues.SaleOrders] = new Window();
    }

    public void Accepted(string lane)
    {
        _accepted.Add(1, new KeyValuePair<string, object?>("lane", lane));
        _windows.GetOrAdd(lane, _ => new Window()).Add(_clock.GetUtcNow().ToUnixTimeSeconds());
    }

    /// <summary>Orders per second accepted on each lane over the last 10 full seconds.</summary>
    public IReadOnlyDictionary<string, double> PerSecond()
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        return _windows.ToDictionary(w => w.Key, w => w.Value.Sum(now - WindowSeconds, now - 1) / (double)WindowSeconds, StringComparer.Ordinal);
    }

    /// <summary>One count per second, in a ring of the last few seconds.</summary>
    sealed class Window
    {
        readonly long[] _seconds = new long[WindowSeconds + 2];
        readonly long[] _counts = new long[WindowSeconds + 2];
        readonly Lock _lock = new();

        public void Add(long second)
        {
            var slot = (int)(second % _seconds.Length);
            // The common case, within the same second: no lock.
            if (Volatile.Read(ref _seconds[slot]) == second)
            {
                Interlocked.Increment(ref _counts[slot]);
                return;
            }

            lock (_lock)
            {
                if (_seconds[slot] != second)
                {
                    // The count first, then the second that makes it current: an increment outside the lock is never zeroed.
                    _counts[slot] = 0;
                    Volatile.Write(ref _seconds[slot], second);
                }

                Interlocked.Increment(ref _counts[slot]);
            }
        }

        public long Sum(long from, long to)
        {
            lock (_lock)
            {
                long sum = 0;
                for (var i = 0; i < _seconds.Length; i++)
                {
                    if (_seconds[i] >= from && _seconds[i] <= to)
                    {
                        sum += _counts[i];
                    }
                }

                return sum;
            }
        }
    }
}
