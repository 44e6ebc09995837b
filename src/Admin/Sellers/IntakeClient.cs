using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderPipeline.Admin.Console;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Sellers;

/// <summary>
/// The seller center acts through the intake's public seller API with the signed-in person's own key (kept in the console's
/// encrypted cookie), so a console action is exactly the API call a seller would make: same checks, same audit.
/// </summary>
public sealed class IntakeClient
{
    readonly HttpClient _http;

    public IntakeClient(HttpClient http, IOptions<ConsoleOptions> options)
    {
        _http = http;
        _http.BaseAddress = new Uri(options.Value.IntakeUrl);
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<IntakeAnswer> SendAsync(HttpMethod method, string path, string key, object? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        using var response = await _http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        JsonElement json;
        try
        {
            json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            json = default;
        }

        return new IntakeAnswer((int)response.StatusCode, json);
    }

    /// <summary>
    /// Relays the seller's event stream (<c>GET /sellers/{id}/events</c>) to the browser as it comes: a browser's EventSource cannot
    /// send <c>X-Api-Key</c>, so it asks here with the cookie and this host asks the intake with the key.
    /// </summary>
    public async Task RelayEventsAsync(string sellerId, string key, string? lastEventId, string? after, HttpResponse browser,
        CancellationToken cancellationToken)
    {
        var path = $"/sellers/{Uri.EscapeDataString(sellerId)}/events" + (string.IsNullOrEmpty(after) ? "" : "?after=" + Uri.EscapeDataString(after));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        if (lastEventId is { Length: > 0 })
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        browser.StatusCode = (int)response.StatusCode;
        browser.ContentType = response.Content.Headers.ContentType?.ToString() ?? "text/event-stream";
        browser.Headers.CacheControl = "no-store";
        await using var upstream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[8192];
        int read;
        while ((read = await upstream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await browser.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await browser.Body.FlushAsync(cancellationToken);
        }
    }
}
