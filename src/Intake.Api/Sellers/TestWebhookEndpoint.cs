using System.Diagnostics;
using System.Text.Json;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Webhooks;
using Npgsql;

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
        await using var command = dataSource.CreateCommand("SELECT url, secret FROM seller_webhooks WHERE seller_id = $1");
        command.Parameters.AddWithValue(sellerId);
        string url, secret;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Problems.NotFound($"Seller '{sellerId}' has no webhook; set one with PUT /sellers/{sellerId}/webhook.");
            }

            (url, secret) = (reader.GetString(0), reader.GetString(1));
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
