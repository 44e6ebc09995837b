using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Webhooks;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// <c>POST /sellers/{sellerId}/webhook/test</c>: sends a <c>webhook.test</c> event to the seller's webhook, signed as every real
/// one is, and says what came back, so a seller can check the URL and the signature check before the first order.
/// </summary>
public static class TestWebhookEndpoint
{
    public const string HttpClientName = "webhook-test";
    public const string EventType = "webhook.test";

    public static RouteGroupBuilder MapWebhookTest(this RouteGroupBuilder seller)
    {
        seller.MapPost("/webhook/test", HandleAsync).WithName("TestWebhook").WithSummary("Send a signed test event to the seller's webhook").Produces<WebhookTestResult>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return seller;
    }

    static async Task<IResult> HandleAsync(string sellerId, NpgsqlDataSource dataSource, IHttpClientFactory clients, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var webhook = await dataSource.QuerySingleOrDefaultAsync<(string Url, string Secret)?>(
            "SELECT url, secret FROM seller_webhooks WHERE seller_id = @sellerId", new { sellerId }, cancellationToken);
        if (webhook is not var (url, secret))
        {
            return Problems.NotFound($"Seller '{sellerId}' has no webhook; set one with PUT /sellers/{sellerId}/webhook.");
        }

        var now = clock.GetUtcNow();
        var eventId = "test_" + Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { type = EventType, eventId, sellerId, at = now }, JsonBody.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } } };
        WebhookSignature.Apply(request, secret, eventId, EventType, now, body);
        var timer = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return TypedResults.Ok(new WebhookTestResult(sellerId, url, eventId, status, response.IsSuccessStatusCode, timer.ElapsedMilliseconds,
                response.IsSuccessStatusCode ? null : $"The webhook answered {status} {response.ReasonPhrase}."));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Ok(new WebhookTestResult(sellerId, url, eventId, 0, false, timer.ElapsedMilliseconds, $"Not reached: {e.Message}"));
        }
    }
}
