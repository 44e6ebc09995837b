using System.Collections.Concurrent;
using System.Net.ServerSentEvents;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>A seller's Server-Sent Events stream read in the background, as a seller's dashboard would.</summary>
public sealed class EventStream : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _reading;

    public ConcurrentQueue<SseItem<string>> Items { get; } = new();

    public EventStream(HttpClient http, string path, string key, string? lastEventId = null)
    {
        _reading = Task.Run(async () =>
        {
            using var request = AdminApi.Request(HttpMethod.Get, path, key);
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                Items.Enqueue(item);
            }
        });
    }

    public List<SseItem<string>> Of(string type) => Items.Where(i => i.EventType == type).ToList();

    public Task UntilAsync(Func<EventStream, bool> done, string what) =>
        Eventually.TrueAsync(() => _reading.IsFaulted ? throw _reading.Exception! : Task.FromResult(done(this)), TimeSpan.FromSeconds(60), what);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
