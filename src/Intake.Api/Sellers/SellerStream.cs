using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using MassTransit;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Intake.Http;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// Wakes the open streams of a seller when any worker appends to their feed (<see cref="SellerEventsAppended"/>, which every
/// API instance receives on a queue of its own), so a seller gets events whichever instance they are connected to.
/// </summary>
public sealed class SellerStreamHub
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action>> _listeners = new(StringComparer.Ordinal);

    public IDisposable Listen(string sellerId, Action wake)
    {
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(sellerId, _ => new()).TryAdd(id, wake);
        return new Subscription(() =>
        {
            if (_listeners.TryGetValue(sellerId, out var listeners))
            {
                listeners.TryRemove(id, out _);
            }
        });
    }

    public void Wake(string sellerId)
    {
        if (_listeners.TryGetValue(sellerId, out var listeners))
        {
            foreach (var wake in listeners.Values)
            {
                wake();
            }
        }
    }

    sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

public sealed class SellerEventsAppendedConsumer(SellerStreamHub hub) : IConsumer<SellerEventsAppended>
{
    public Task Consume(ConsumeContext<SellerEventsAppended> context)
    {
        hub.Wake(context.Message.SellerId);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>GET /sellers/{sellerId}/events</c>: the seller's feed as Server-Sent Events (ASP.NET Core's <c>TypedResults.ServerSentEvents</c>).
/// Each event's id is its row id: a client reconnecting with <c>Last-Event-ID</c> (or <c>?after=</c>) gets every event after it
/// that is still kept (an hour); a new client starts with what comes next. Reads the feed when woken, and every
/// <see cref="PollInterval"/> in case a wake-up was lost; a comment line every 15 s keeps proxies from closing an idle stream.
/// </summary>
public static class SellerStream
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder seller)
    {
        seller.MapGet("/events", Stream).WithName("SellerEvents").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return seller;
    }

    static async Task<IResult> Stream(string sellerId, long? after, HttpContext http, NpgsqlDataSource dataSource, SellerStreamHub hub)
    {
        var resumeFrom = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header && long.TryParse(header, out var id) ? id : after;
        var start = resumeFrom ?? await LatestAsync(dataSource, sellerId, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(ReadAsync(sellerId, start, dataSource, hub, http.RequestAborted));
    }

    static async IAsyncEnumerable<SseItem<string>> ReadAsync(string sellerId, long after, NpgsqlDataSource dataSource, SellerStreamHub hub,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var woken = new SemaphoreSlim(0);
        using var listening = hub.Listen(sellerId, () => woken.Release());
        var lastSent = DateTime.UtcNow;
        yield return new SseItem<string>("{}", "stream.open") { EventId = after.ToString(System.Globalization.CultureInfo.InvariantCulture), ReconnectionInterval = TimeSpan.FromSeconds(2) };
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await NextAsync(dataSource, sellerId, after, cancellationToken);
            foreach (var (id, type, data) in batch)
            {
                after = id;
                yield return new SseItem<string>(data, type) { EventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                lastSent = DateTime.UtcNow;
            }

            if (batch.Count == 500)
            {
                continue; // more waiting
            }

            if (DateTime.UtcNow - lastSent > TimeSpan.FromSeconds(15))
            {
                yield return new SseItem<string>("{}", "keepalive");
                lastSent = DateTime.UtcNow;
            }

            bool wokenUp;
            try
            {
                wokenUp = await woken.WaitAsync(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            while (wokenUp && woken.CurrentCount > 0)
            {
                await woken.WaitAsync(cancellationToken); // one read serves every wake-up so far
            }
        }
    }

    static async Task<long> LatestAsync(NpgsqlDataSource dataSource, string sellerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM seller_events WHERE seller_id = $1");
        command.Parameters.AddWithValue(sellerId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    static async Task<List<(long Id, string Type, string Data)>> NextAsync(NpgsqlDataSource dataSource, string sellerId, long after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, type, data::text FROM seller_events WHERE seller_id = $1 AND id > $2 ORDER BY id LIMIT 500");
        command.Parameters.AddWithValue(sellerId);
        command.Parameters.AddWithValue(after);
        var events = new List<(long, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }
}

/// <summary>Deletes feed events older than an hour, every few minutes (any instance may; the work is idempotent).</summary>
public sealed class SellerFeedRetention(NpgsqlDataSource dataSource, ILogger<SellerFeedRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var command = dataSource.CreateCommand("DELETE FROM seller_events WHERE at < now() - interval '1 hour'");
                var deleted = await command.ExecuteNonQueryAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} seller feed events older than an hour", deleted);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Seller feed retention failed; trying again in 5 minutes");
            }
        }
    }
}
