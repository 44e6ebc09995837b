using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Webhooks;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// <c>PUT /sellers/{sellerId}/webhook</c>: where the seller's notifications are POSTed, signed with the secret (Standard Webhooks,
/// and <c>X-OrderPipeline-Signature</c>). Only https to a public address outside Development (<see cref="WebhookTargets"/>; checked
/// again at every connect). The secret is never echoed back.
/// </summary>
public static class PutWebhookEndpoint
{
    public static RouteGroupBuilder MapWebhook(this RouteGroupBuilder seller)
    {
        seller.MapPut("/webhook", HandleAsync)
            .WithName("PutWebhook").WithSummary("Set where the seller's notifications are POSTed")
            .Accepts<WebhookRequest>("application/json")
            .Produces<WebhookView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return seller;
    }

    const string Upsert = """
        INSERT INTO seller_webhooks (seller_id, url, secret, updated_at) VALUES (@sellerId, @url, @secret, @now)
        ON CONFLICT (seller_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at
        """;

    public static async Task<IResult> HandleAsync(string sellerId, HttpContext http, NpgsqlDataSource dataSource, WebhookTargets targets, TimeProvider clock)
    {
        var (request, error) = await JsonBody.ReadAsync<WebhookRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var errors = Validate(sellerId, request!);
        if (!errors.ContainsKey("url") && await targets.RefusalAsync(request!.Url, http.RequestAborted) is { } refusal)
        {
            errors["url"] = [refusal];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await dataSource.ExecuteAsync(Upsert, new { sellerId, url = request!.Url, secret = request.Secret, now = clock.GetUtcNow() }, http.RequestAborted);
        return TypedResults.Ok(new WebhookView(sellerId, request.Url!));
    }

    internal static Dictionary<string, string[]> Validate(string sellerId, WebhookRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(sellerId))
        {
            errors["sellerId"] = ["1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        // Only the form here (absolute http or https); where it may point is for WebhookTargets, which resolves it.
        if (request.Url is null || request.Url.Length > 2048 || !Uri.TryCreate(request.Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors["url"] = ["Required: an absolute https URL."];
        }

        if (request.Secret is null || request.Secret.Length is < 16 or > 256)
        {
            errors["secret"] = ["Required: 16 to 256 characters."];
        }

        return errors;
    }
}
