using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Notify.Providers;

/// <summary>One per process: the messages-per-second budget every bulk send draws from.</summary>
public sealed class BulkRateLimiter : IDisposable
{
    readonly TokenBucketRateLimiter _limiter;
    readonly int _burst;

    public BulkRateLimiter(IOptions<NotifyOptions> options)
    {
        var rate = options.Value.Gateway.BulkMessagesPerSecond;
        _burst = Math.Max(1, rate / 10);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _burst,
            TokensPerPeriod = _burst,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public async Task WaitAsync(int messages, CancellationToken cancellationToken)
    {
        for (var left = messages; left > 0; left -= _burst)
        {
            using var lease = await _limiter.AcquireAsync(Math.Min(left, _burst), cancellationToken);
            if (!lease.IsAcquired)
            {
                throw new ProviderException("Bulk rate limiter refused the request.", permanent: false);
            }
        }
    }

    public void Dispose() => _limiter.Dispose();
}
