using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OrderPipeline.Notify.Providers;

/// <summary>
/// The shopper gateway's bulk send: <c>POST {BaseUrl}/messages/bulk</c> with <c>{"messages": [...]}</c>, each message with
/// its idempotency key (the gateway drops a repeat). A 2xx accepts them all. Kept to <c>Notify:Gateway:BulkMessagesPerSecond</c>
/// messages per second (a token bucket refilled every 100 ms; excess waits its turn).
/// <para>
/// Two forms: every message with its own text, or (<see cref="SendTemplatedAsync"/>) one <c>"template"</c> with a subject and a
/// text whose <c>{name}</c> placeholders the gateway fills from each message's string fields of that name, so a 500-notice chunk
/// carries the text once and only the recipient, order and key per notice. The body is written with <see cref="Utf8JsonWriter"/>
/// straight into one buffer: no reflection, no intermediate objects.
/// </para>
/// </summary>
public sealed class BulkGateway(HttpClient http, BulkRateLimiter limiter)
{
    public Task SendAsync(IReadOnlyList<ShopperMessage> messages, CancellationToken cancellationToken) =>
        PostAsync(messages.Count, writer =>
        {
            writer.WriteStartArray("messages");
            foreach (var m in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("channel", m.Channel);
                writer.WriteString("to", m.To);
                if (m.Subject is not null)
                {
                    writer.WriteString("subject", m.Subject);
                }

                writer.WriteString("text", m.Text);
                writer.WriteString("orderId", m.OrderId);
                writer.WriteString("idempotencyKey", m.IdempotencyKey);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }, cancellationToken);

    /// <summary>One template for every message; each message carries only its recipient, key and the placeholders' values.</summary>
    public Task SendTemplatedAsync(BulkTemplate template, IReadOnlyList<TemplatedMessage> messages, CancellationToken cancellationToken) =>
        PostAsync(messages.Count, writer =>
        {
            writer.WriteStartObject("template");
            if (template.Subject is not null)
            {
                writer.WriteString("subject", template.Subject);
            }

            writer.WriteString("text", template.Text);
            writer.WriteEndObject();
            writer.WriteStartArray("messages");
            foreach (var m in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("channel", m.Channel);
                writer.WriteString("to", m.To);
                writer.WriteString("orderId", m.OrderId);
                if (m.Orders is not null)
                {
                    writer.WriteString("orders", m.Orders);
                }

                writer.WriteString("idempotencyKey", m.IdempotencyKey);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }, cancellationToken);

    async Task PostAsync(int count, Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(count, cancellationToken);
        var buffer = new ArrayBufferWriter<byte>(count * 128 + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }

        using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "messages/bulk") { Content = content };
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
