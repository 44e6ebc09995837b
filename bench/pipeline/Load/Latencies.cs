using System.Diagnostics;

namespace OrderPipeline.Bench.Pipeline.Load;

/// <summary>Percentiles of a set of latencies, in milliseconds (exact: the samples are sorted, not bucketed).</summary>
public sealed class Latencies
{
    readonly double[] _sorted;

    Latencies(double[] sorted) => _sorted = sorted;

    public static Latencies FromTicks(IEnumerable<long> ticks) =>
        FromMilliseconds(ticks.Select(t => t * 1000.0 / Stopwatch.Frequency));

    public static Latencies FromMilliseconds(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        Array.Sort(sorted);
        return new Latencies(sorted);
    }

    public int Count => _sorted.Length;

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="p"/> % of the samples at or below it.</summary>
    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public override string ToString() => Count == 0 ? "-" : $"{P50:0.0} / {P99:0.0} / {Max:0}";
}
