using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace OrderPipeline.Bench.Pipeline.Load;

/// <summary>Posts orders over a pool of at most <c>connections</c> HTTP/1.1 connections and reads the order id from the 202.</summary>
public sealed class OrderClient : IDisposable
{
    static readonly MediaTypeHeaderValue Json = new("application/json");
    static readonly byte[] OrderIdField = Encoding.UTF8.GetBytes("\"orderId\":\"");
    readonly HttpClient _http;

    public OrderClient(Uri baseAddress, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
        })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Sends one order; <paramref name="dueTicks"/> is when it was due, so queueing in the client counts as latency.</summary>
    public async Task<Outcome> PostAsync(ReadOnlyMemory<byte> body, long dueTicks, long origin)
    {
        try
        {
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = Json;
            using var response = await _http.PostAsync("/orders", content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var latency = Stopwatch.GetTimestamp() - origin - dueTicks;
            return new Outcome(dueTicks, latency, (int)response.StatusCode, (int)response.StatusCode == 202 ? OrderId(bytes) : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Outcome(dueTicks, Stopwatch.GetTimestamp() - origin - dueTicks, 0, null);
        }
    }

    internal static string? OrderId(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(OrderIdField);
        if (at < 0)
        {
            return null;
        }

        var rest = body[(at + OrderIdField.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    public void Dispose() => _http.Dispose();
}
