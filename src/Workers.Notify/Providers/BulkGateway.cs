using System.Net.Http.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Notify.Providers;

/// <summary>
/// The shopper gateway's bulk send: <c>POST {BaseUrl}/messages/bulk</c> with <c>{"messages": [...]}</c>, each message with
/// its idempotency key (the gateway drops a repeat). A 2xx accepts them all. Kept to <c>Notify:Gateway:BulkMessagesPerSecond</c>
/// messages per second (a token bucket refilled every 100 ms; excess waits its turn).
/// </summary>
public sealed class BulkGateway(HttpClient http, BulkRateLimiter limiter)
{
    public async Task SendAsync(IReadOnlyList<ShopperMessage> messages, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(messages.Count, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "messages/bulk")
        {
            Content = JsonContent.Create(new
            {
                messages = messages.Select(m => new
                {
                    channel = m.Channel, to = m.To, subject = m.Subject, text = m.Text, orderId = m.OrderId, idempotencyKey = m.IdempotencyKey,
                }),
            }),
        };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new ProviderException($"Shopper gateway unreachable: {e.Message}", permanent: false, e);
        }

        using (response)
        {
            await ProviderException.EnsureSuccessAsync(response, "Shopper gateway (bulk)", cancellationToken);
        }
    }
}

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
