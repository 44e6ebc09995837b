using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Tests.Shared;

/// <summary>
/// A local HTTP receiver standing in for the shopper gateway (<c>POST /messages</c>, <c>/messages/bulk</c>), sellers' webhooks
/// (<c>POST /webhooks/{sellerId}</c>) and on-call's alert hook (<c>/alerts</c>), for the tests and the benchmarks alike. It counts
/// every gateway message by its idempotency key, with the time the first arrived (<see cref="Receipts"/>); with
/// <c>keepRequests</c> (the tests) it also keeps every request whole, repeats included, and can be told to fail or stall.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly bool _keepRequests;
    readonly ConcurrentDictionary<string, Receipt> _receipts = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<ReceivedRequest> _received = new();
    readonly ConcurrentDictionary<string, (int Remaining, int Status, string Reason)> _failures = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<JsonElement> _alerts = new();

    FakeProviders(WebApplication app, int port, bool keepRequests)
    {
        _app = app;
        Port = port;
        _keepRequests = keepRequests;
    }

    /// <summary>How many times a gateway message arrived, and when the first time.</summary>
    public sealed class Receipt(DateTimeOffset firstAt)
    {
        int _count = 1;

        public DateTimeOffset FirstAt { get; } = firstAt;

        public int Count => Volatile.Read(ref _count);

        internal void Again() => Interlocked.Increment(ref _count);
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>Distinct gateway messages received (by idempotency key).</summary>
    public int ReceivedKeys => _receipts.Count;

    public IReadOnlyDictionary<string, Receipt> Receipts => _receipts;

    /// <summary>How many times each idempotency key arrived.</summary>
    public IReadOnlyDictionary<string, int> Counts => _receipts.ToDictionary(r => r.Key, r => r.Value.Count, StringComparer.Ordinal);

    /// <summary>Forgets what arrived so far (a benchmark's next run).</summary>
    public void Clear()
    {
        _receipts.Clear();
        _received.Clear();
    }
    public string GatewayUrl => $"http://127.0.0.1:{Port}";
    public string WebhookUrl(string sellerId) => $"http://127.0.0.1:{Port}/webhooks/{sellerId}";

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>On-call alerts posted to <c>/alerts</c>.</summary>
    public string AlertsUrl => $"http://127.0.0.1:{Port}/alerts";
    public IReadOnlyList<JsonElement> Alerts => _alerts.ToArray();

    /// <summary>
    /// The next <paramref name="times"/> gateway messages to <paramref name="recipient"/> get <paramref name="status"/>, with
    /// <paramref name="reason"/> as the body (it ends up in the exception message, so a distinct reason is a distinct failure group).
    /// </summary>
    public void Fail(string recipient, int times, int status, string reason = "") => _failures[recipient] = (times, status, reason);

    public IReadOnlyList<ReceivedRequest> ForOrder(string orderId) =>
        Received.Where(r => r.IdempotencyKey.StartsWith(orderId + ":", StringComparison.Ordinal)).ToList();

    public static async Task<FakeProviders> StartAsync(bool keepRequests = true)
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var providers = new FakeProviders(app, port, keepRequests);
        app.MapPost("/messages", providers.RecordAsync);
        app.MapPost("/webhooks/{sellerId}", providers.RecordAsync);
        // A seller endpoint that redirects elsewhere (here: to its real one): webhooks must not follow.
        app.MapPost("/redirect/{sellerId}", (string sellerId) => Results.Redirect($"/webhooks/{sellerId}", permanent: false, preserveMethod: true));
        app.MapPost("/messages/bulk", providers.RecordBulkAsync);
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            providers._alerts.Enqueue((await JsonDocument.ParseAsync(request.Body)).RootElement.Clone());
            return Results.Ok();
        });
        await app.StartAsync();
        return providers;
    }

    async Task<IResult> RecordAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var seller = request.RouteValues.TryGetValue("sellerId", out var id) ? id as string : null;
        var (status, reason) = seller is null ? StatusFor(body.ToArray()) : Next(WebhookKey(seller));
        if (seller is null && GatewayFaults() is { } fault)
        {
            (status, reason) = fault;
        }

        var delay = seller is not null && _slowWebhooks.TryGetValue(seller, out var slow) ? slow : seller is null ? GatewayDelay : TimeSpan.Zero;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, request.HttpContext.RequestAborted);
        }

        OnReceived?.Invoke(request.Path, body.ToArray());
        if (seller is null)
        {
            Count(request.Headers["Idempotency-Key"].ToString());
        }

        if (!_keepRequests)
        {
            return Results.StatusCode(status);
        }

        var standard = new HeaderDictionary();
        foreach (var name in (string[])["webhook-id", "webhook-timestamp", "webhook-signature"])
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                standard[name] = value;
            }
        }

        _received.Enqueue(new ReceivedRequest(request.Path, request.Headers["Idempotency-Key"].ToString(),
            request.Headers["X-OrderPipeline-Signature"].FirstOrDefault(), request.Headers["X-OrderPipeline-Event"].FirstOrDefault(),
            body.ToArray(), status) { StandardHeaders = standard });
        return string.IsNullOrEmpty(reason) ? Results.StatusCode(status) : Results.Text(reason, statusCode: status);
    }

    readonly ConcurrentDictionary<string, TimeSpan> _slowWebhooks = new(StringComparer.Ordinal);
    long _gatewayRequests;

    /// <summary>The share of shopper-gateway messages answered 503 (every n-th, so it is exact), 0 for none.</summary>
    public double GatewayErrorRate { get; set; }

    /// <summary>How long the shopper gateway takes to answer each message (past the notify worker's timeout: a timeout).</summary>
    public TimeSpan GatewayDelay { get; set; }

    (int Status, string Reason)? GatewayFaults()
    {
        var n = Interlocked.Increment(ref _gatewayRequests);
        var every = GatewayErrorRate > 0 ? (long)Math.Round(1 / GatewayErrorRate) : 0;
        return every > 0 && n % every == 0 ? (StatusCodes.Status503ServiceUnavailable, "gateway overloaded (fault injected)") : null;
    }

    /// <summary>Called with each single message or webhook as it arrives, before it is answered (a test's trigger).</summary>
    public Action<string, byte[]>? OnReceived { get; set; }

    /// <summary>The next <paramref name="times"/> webhooks to <paramref name="sellerId"/> get <paramref name="status"/> with <paramref name="reason"/> as the body.</summary>
    public void FailWebhook(string sellerId, int times, int status, string reason = "") => _failures[WebhookKey(sellerId)] = (times, status, reason);

    /// <summary>Webhooks to <paramref name="sellerId"/> are answered only after <paramref name="delay"/> (zero: at once again).</summary>
    public void SlowWebhook(string sellerId, TimeSpan delay) => _slowWebhooks[sellerId] = delay;

    public string RedirectingWebhookUrl(string sellerId) => $"http://127.0.0.1:{Port}/redirect/{sellerId}";

    static string WebhookKey(string sellerId) => "webhook:" + sellerId;

    /// <summary>
    /// A bulk send: each message is recorded as if sent alone; one failing recipient fails the whole request, and so does an
    /// injected gateway fault (<see cref="GatewayErrorRate"/> counts requests, <see cref="GatewayDelay"/> holds each).
    /// </summary>
    async Task<IResult> RecordBulkAsync(HttpRequest request)
    {
        using var document = await JsonDocument.ParseAsync(request.Body);
        if (!_keepRequests)
        {
            // A benchmark: count each message by its key, nothing more (the gateway must cost less than what it measures).
            foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (message.TryGetProperty("idempotencyKey", out var id) && id.GetString() is { Length: > 0 } text)
                {
                    Count(text);
                }
            }

            return Results.Ok();
        }

        var template = document.RootElement.TryGetProperty("template", out var t) ? t : (JsonElement?)null;
        var messages = document.RootElement.GetProperty("messages").EnumerateArray().Select(m => Render(m, template)).ToList();
        var failure = messages.Select(StatusFor).FirstOrDefault(s => s.Status != StatusCodes.Status200OK);
        if (GatewayFaults() is { } fault)
        {
            failure = fault;
        }

        if (GatewayDelay > TimeSpan.Zero)
        {
            await Task.Delay(GatewayDelay, request.HttpContext.RequestAborted);
        }

        var status = failure.Status == 0 ? StatusCodes.Status200OK : failure.Status;
        Interlocked.Increment(ref _bulkRequests);
        foreach (var body in messages)
        {
            OnReceived?.Invoke(request.Path, body);
            var key = JsonDocument.Parse(body).RootElement.GetProperty("idempotencyKey").GetString() ?? "";
            Count(key);
            _received.Enqueue(new ReceivedRequest(request.Path, key, null, null, body, status));
        }

        return string.IsNullOrEmpty(failure.Reason) ? Results.StatusCode(status) : Results.Text(failure.Reason, statusCode: status);
    }

    int _bulkRequests;

    /// <summary>
    /// A bulk message as the gateway would send it: with a template, its subject and text with each <c>{name}</c> filled from the
    /// message's string field of that name (a placeholder with no such field is an error: the test fails on it).
    /// </summary>
    static byte[] Render(JsonElement message, JsonElement? template)
    {
        if (template is not { } shared)
        {
            return System.Text.Encoding.UTF8.GetBytes(message.GetRawText());
        }

        var fields = message.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        string Fill(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\{(\w+)\}", m => fields.TryGetValue(m.Groups[1].Value, out var value)
            ? value : throw new InvalidOperationException($"Template placeholder {m.Value} has no field in {message.GetRawText()}"));
        var rendered = new Dictionary<string, string>(fields) { ["text"] = Fill(shared.GetProperty("text").GetString()!) };
        if (shared.TryGetProperty("subject", out var subject))
        {
            rendered["subject"] = Fill(subject.GetString()!);
        }

        return JsonSerializer.SerializeToUtf8Bytes(rendered);
    }

    public int BulkRequests => Volatile.Read(ref _bulkRequests);

    (int Status, string Reason) StatusFor(byte[] body) =>
        _failures.IsEmpty || !JsonDocument.Parse(body).RootElement.TryGetProperty("to", out var to) || to.GetString() is not { } recipient
            ? (StatusCodes.Status200OK, "")
            : Next(recipient);

    (int Status, string Reason) Next(string recipient)
    {
        while (_failures.TryGetValue(recipient, out var failure) && failure.Remaining > 0)
        {
            if (_failures.TryUpdate(recipient, (failure.Remaining - 1, failure.Status, failure.Reason), failure))
            {
                return (failure.Status, failure.Reason);
            }
        }

        return (StatusCodes.Status200OK, "");
    }

    void Count(string key)
    {
        if (key.Length > 0 && !_receipts.TryAdd(key, new Receipt(DateTimeOffset.UtcNow)))
        {
            _receipts[key].Again();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
