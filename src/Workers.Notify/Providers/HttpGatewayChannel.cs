namespace OrderPipeline.Notify.Providers;

/// <summary>
/// The shopper gateway over HTTP: <c>POST {BaseUrl}/messages</c> with a JSON body and an
/// <c>Idempotency-Key</c> header. Rate limit and timeout come from the HttpClient's resilience handler.
/// </summary>
public sealed class HttpGatewayChannel(HttpClient http) : IShopperChannel
{
    public async Task SendAsync(ShopperMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "messages")
        {
            Content = JsonContent.Create(new
            {
                channel = message.Channel,
                to = message.To,
                subject = message.Subject,
                text = message.Text,
                orderId = message.OrderId,
                idempotencyKey = message.IdempotencyKey,
            }),
        };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        using var response = await Send(request, cancellationToken);
        await ProviderException.EnsureSuccessAsync(response, "Shopper gateway", cancellationToken);
    }

    async Task<HttpResponseMessage> Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.RateLimiting.RateLimiterRejectedException)
        {
            throw new ProviderException($"Shopper gateway unreachable: {e.Message}", permanent: false, e);
        }
    }
}
