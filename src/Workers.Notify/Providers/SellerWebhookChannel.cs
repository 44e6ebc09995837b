using System.Security.Cryptography;
using System.Text;

namespace OrderPipeline.Notify.Providers;

public sealed record SellerEvent(string IdempotencyKey, string EventType, string Url, string Secret, byte[] Body);

/// <summary>
/// POSTs an event to a seller's webhook, signed <c>X-OrderPipeline-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>
/// under the seller's secret, with <c>Idempotency-Key</c> and <c>X-OrderPipeline-Event</c> headers.
/// </summary>
public sealed class SellerWebhookChannel(HttpClient http)
{
    public const string SignatureHeader = "X-OrderPipeline-Signature";

    public async Task SendAsync(SellerEvent sellerEvent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sellerEvent.Url)
        {
            Content = new ByteArrayContent(sellerEvent.Body) { Headers = { { "Content-Type", "application/json" } } },
        };
        request.Headers.Add(SignatureHeader, Sign(sellerEvent.Secret, sellerEvent.Body));
        request.Headers.Add("Idempotency-Key", sellerEvent.IdempotencyKey);
        request.Headers.Add("X-OrderPipeline-Event", sellerEvent.EventType);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.RateLimiting.RateLimiterRejectedException)
        {
            throw new ProviderException($"Seller webhook unreachable: {e.Message}", permanent: false, e);
        }

        using (response)
        {
            await ProviderException.EnsureSuccessAsync(response, "Seller webhook", cancellationToken);
        }
    }

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
