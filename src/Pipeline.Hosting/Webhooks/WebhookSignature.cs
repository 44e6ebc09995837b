using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace OrderPipeline.Hosting.Webhooks;

/// <summary>
/// How every request to a seller's webhook is signed, twice: the Standard Webhooks scheme (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>) and <c>X-OrderPipeline-Signature: sha256=&lt;hex
/// HMAC-SHA256 of the body&gt;</c>. The notify worker's deliveries and the seller center's test send use this one place.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-OrderPipeline-Signature";

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The Standard Webhooks signature; the signing key is the UTF-8 bytes of the seller's secret.</summary>
    public static string StandardSignature(string secret, string eventId, DateTimeOffset timestamp, byte[] body) =>
        new StandardWebhook(Encoding.UTF8.GetBytes(secret)).Sign(eventId, timestamp, Encoding.UTF8.GetString(body));

    /// <summary>Adds every signature header (and the event's id and type) to a request carrying <paramref name="body"/>.</summary>
    public static void Apply(HttpRequestMessage request, string secret, string eventId, string eventType, DateTimeOffset timestamp, byte[] body)
    {
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardSignature(secret, eventId, timestamp, body));
        request.Headers.Add(Header, Sign(secret, body));
        request.Headers.Add("Idempotency-Key", eventId);
        request.Headers.Add("X-OrderPipeline-Event", eventType);
    }
}
