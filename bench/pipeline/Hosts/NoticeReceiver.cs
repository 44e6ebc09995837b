using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Bench.Pipeline.Hosts;

/// <summary>
/// The shopper gateway the notify worker sends to during a benchmark: answers 200 at once and counts every notice it is
/// handed by its idempotency key (<c>{orderId}:{kind}:{channel}</c>), with the time the first one arrived.
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentDictionary<string, Receipt> _receipts = new(StringComparer.Ordinal);

    public sealed class Receipt(DateTimeOffset firstAt)
    {
        int _count = 1;
        public DateTimeOffset FirstAt { get; } = firstAt;
        public int Count => Volatile.Read(ref _count);
        internal void Again() => Interlocked.Increment(ref _count);
    }

    NoticeReceiver(WebApplication app, int port)
    {
        _app = app;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    public int Received => _receipts.Count;

    public IReadOnlyDictionary<string, Receipt> Receipts => _receipts;

    /// <summary>How many times each idempotency key arrived.</summary>
    public IReadOnlyDictionary<string, int> Counts => _receipts.ToDictionary(r => r.Key, r => r.Value.Count, StringComparer.Ordinal);

    public void Clear() => _receipts.Clear();

    public static async Task<NoticeReceiver> StartAsync()
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NoticeReceiver(app, port);
        app.MapPost("/messages", (HttpRequest request) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            if (key.Length == 0)
            {
                return Results.BadRequest();
            }

            receiver.Record(key);
            return Results.Ok();
        });
        // Order notices arrive in bulk (one request per decision batch and channel), each message with its key.
        app.MapPost("/messages/bulk", async (HttpRequest request) =>
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (message.TryGetProperty("idempotencyKey", out var key) && key.GetString() is { Length: > 0 } text)
                {
                    receiver.Record(text);
                }
            }

            return Results.Ok();
        });
        app.MapPost("/webhooks/{sellerId}", () => Results.Ok());
        app.MapPost("/alerts", () => Results.Ok());
        await app.StartAsync();
        return receiver;
    }

    internal void Record(string key)
    {
        if (!_receipts.TryAdd(key, new Receipt(DateTimeOffset.UtcNow)))
        {
            _receipts[key].Again();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
