using System.Diagnostics;
using OrderPipeline.Bench.Pipeline.Hosts;

namespace OrderPipeline.Bench.Pipeline.Scenarios;

/// <summary>Samples the ready messages in the orders and notify queues every 250 ms while a load runs.</summary>
sealed class DepthSampler : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampling;
    readonly long _origin = Stopwatch.GetTimestamp();

    public DepthSampler(BenchPipeline pipeline)
    {
        _sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    var (orders, notify) = await pipeline.QueueDepthsAsync();
                    lock (Samples)
                    {
                        Samples.Add((Stopwatch.GetElapsedTime(_origin).TotalSeconds, orders, notify));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public List<(double Seconds, long Orders, long Notify)> Samples { get; } = [];

    public long PeakOrders => Samples.Count == 0 ? 0 : Samples.Max(s => s.Orders);

    public long PeakNotify => Samples.Count == 0 ? 0 : Samples.Max(s => s.Notify);

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _sampling;
    }
}
