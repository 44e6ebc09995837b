using OrderPipeline.Hosting.Webhooks;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace OrderPipeline.Notify.Providers;

/// <summary>
/// POSTs an event to a seller's webhook, signed twice: the Standard Webhooks scheme (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>, so a receiver can refuse replays), and
/// <c>X-OrderPipeline-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c> for receivers that already check that. Each seller
/// host has its own concurrency bound, rate, circuit breaker and timeout (<see cref="ProviderRegistration"/>); every failure here
/// is that seller's alone (isolated: never the queue's kill switch), a busy host defers the message, and nothing the seller's
/// endpoint answers is kept but its status.
/// </summary>
public sealed class SellerWebhookChannel(HttpClient http, TimeProvider clock)
{
    public const string SignatureHeader = WebhookSignature.Header;

    public async Task SendAsync(SellerEvent sellerEvent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sellerEvent.Url)
        {
            Content = new ByteArrayContent(sellerEvent.Body) { Headers = { { "Content-Type", "application/json" } } },
        };
        WebhookSignature.Apply(request, sellerEvent.Secret, sellerEvent.EventId, sellerEvent.EventType, clock.GetUtcNow(), sellerEvent.Body);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (RateLimiterRejectedException)
        {
            throw new SellerHostBusyException(request.RequestUri!.Authority);
        }
        catch (BrokenCircuitException e)
        {
            throw new ProviderException($"Seller webhook host {request.RequestUri!.Authority} is failing; its circuit is open", permanent: false, e, isolated: true);
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            throw new ProviderException(refused.Message, permanent: true, e, isolated: true);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TimeoutRejectedException)
        {
            throw new ProviderException($"Seller webhook unreachable: {e.Message}", permanent: false, e, isolated: true);
        }

        using (response)
        {
            await ProviderException.EnsureSuccessAsync(response, "Seller webhook", cancellationToken, quoteBody: false, isolated: true);
        }
    }

    static WebhookTargetRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
