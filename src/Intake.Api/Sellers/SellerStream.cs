using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// The open seller streams of this instance, within limits (<see cref="SellerStreamOptions"/>), and what wakes them: a
/// <see cref="SellerFeedsAppended"/> from any worker (every API instance receives it on a queue of its own), and one shared
/// poller (<see cref="SellerStreamPoller"/>) in case a wake-up was lost, instead of a poll per stream.
/// </summary>
public sealed class SellerStreamHub(IOptions<IntakeOptions> options)
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action>> _listeners = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    readonly SellerStreamOptions _limits = options.Value.SellerStreams;
    readonly Lock _gate = new();
    int _open;

    /// <summary>Registers a stream, or returns null when the seller (or this instance) already has as many open as allowed.</summary>
    public IDisposable? TryListen(string sellerId, Action wake)
    {
        var id = Guid.NewGuid();
        lock (_gate)
        {
            var listeners = _listeners.GetOrAdd(sellerId, _ => new());
            if (_open >= _limits.MaxTotal || listeners.Count >= _limits.MaxPerSeller)
            {
                return null;
            }

            listeners[id] = wake;
            _open++;
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_listeners.TryGetValue(sellerId, out var listeners) && listeners.TryRemove(id, out _))
                {
                    _open--;
                    if (listeners.IsEmpty)
                    {
                        _listeners.TryRemove(sellerId, out _);
                        _lastSeen.TryRemove(sellerId, out _);
                    }
                }
            }
        });
    }

    public int Open => Volatile.Read(ref _open);

    /// <summary>The sellers with an open stream here, for the shared poller.</summary>
    public string[] Sellers => _listeners.Keys.ToArray();

    /// <summary>Wakes the seller's streams if <paramref name="lastId"/> is news to this instance (or unknown: null).</summary>
    public void Wake(string sellerId, long? lastId = null)
    {
        if (lastId is { } id)
        {
            var seen = _lastSeen.GetOrAdd(sellerId, 0);
            if (id <= seen || !_lastSeen.TryUpdate(sellerId, id, seen))
            {
                return;
            }
        }

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

/// <summary>Limits on server-sent event streams, section <c>Intake:SellerStreams</c>.</summary>
public sealed class SellerStreamOptions
{
    /// <summary>Open streams one seller may hold on one instance (a browser tab or two, a dashboard, a script).</summary>
    [Range(1, 1000)] public int MaxPerSeller { get; set; } = 5;

    /// <summary>Open streams one instance holds in all.</summary>
    [Range(1, 100_000)] public int MaxTotal { get; set; } = 1000;
}

/// <summary>Wakes the streams of every seller whose feed grew (one message per decision batch or per delay event).</summary>
public sealed class SellerFeedsAppendedConsumer(SellerStreamHub hub) : IConsumer<SellerFeedsAppended>
{
    public Task Consume(ConsumeContext<SellerFeedsAppended> context)
    {
        foreach (var sellerId in context.Message.SellerIds ?? [])
        {
            hub.Wake(sellerId);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// One query every <see cref="SellerStream.PollInterval"/> for the newest event of every seller with an open stream here (none
/// when nobody listens), waking the streams of those with news: the safety net for a lost wake-up, whatever the number of streams.
/// </summary>
public sealed class SellerStreamPoller(SellerStreamHub hub, NpgsqlDataSource dataSource, ILogger<SellerStreamPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SellerStream.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var sellers = hub.Sellers;
            if (sellers.Length == 0)
            {
                continue;
            }

            try
            {
                await using var command = dataSource.CreateCommand("SELECT seller_id, max(id) FROM seller_events WHERE seller_id = ANY($1) GROUP BY seller_id");
                command.Parameters.AddWithValue(sellers);
                await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                while (await reader.ReadAsync(stoppingToken))
                {
                    hub.Wake(reader.GetString(0), reader.GetInt64(1));
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Polling the seller feeds failed; streams still wake on new events");
            }
        }
    }
}

/// <summary>
/// <c>GET /sellers/{sellerId}/events</c>: the seller's feed as Server-Sent Events (ASP.NET Core's <c>TypedResults.ServerSentEvents</c>).
/// Each event's id is its row id: a client reconnecting with <c>Last-Event-ID</c> (or <c>?after=</c>) gets every event after it
/// that is still kept (an hour); a new client starts with what comes next. A stream reads the feed when woken (a worker's
/// announcement, or the shared poller); a comment line every 15 s keeps proxies from closing an idle stream. Streams are
/// limited per seller and per instance (429 beyond).
/// </summary>
public static class SellerStream
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder seller)
    {
        seller.MapGet("/events", Stream).WithName("SellerEvents").Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        return seller;
    }

    static async Task<IResult> Stream(string sellerId, string? after, HttpContext http, NpgsqlDataSource dataSource, SellerStreamHub hub)
    {
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        var errors = new Dictionary<string, string[]>();
        var resumeFrom = Position(header, "Last-Event-ID", errors) ?? Position(after, "after", errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var woken = new SemaphoreSlim(0);
        var listening = hub.TryListen(sellerId, () => woken.Release());
        if (listening is null)
        {
            woken.Dispose();
            http.Response.Headers.RetryAfter = "10";
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many streams",
                $"Seller '{sellerId}' (or this server) has as many event streams open as allowed; close one, or retry later.");
        }

        // Released when the request ends, however it ends (the stream also releases it when it stops).
        http.Response.RegisterForDispose(listening);
        var start = resumeFrom ?? await LatestAsync(dataSource, sellerId, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(ReadAsync(sellerId, start, dataSource, woken, listening, http.RequestAborted));
    }

    /// <summary>A resume position: a whole number of 0 or more, or absent.</summary>
    static long? Position(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors[field] = ["The id of the last event received: a whole number of 0 or more."];
        return null;
    }

    static async IAsyncEnumerable<SseItem<string>> ReadAsync(string sellerId, long after, NpgsqlDataSource dataSource, SemaphoreSlim woken,
        IDisposable listening, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stream = listening;
        using var wakeUps = woken;
        yield return new SseItem<string>("{}", "stream.open") { EventId = after.ToString(System.Globalization.CultureInfo.InvariantCulture), ReconnectionInterval = TimeSpan.FromSeconds(2) };
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await NextAsync(dataSource, sellerId, after, cancellationToken);
            foreach (var (id, type, data) in batch)
            {
                after = id;
                yield return new SseItem<string>(data, type) { EventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }

            if (batch.Count == 500)
            {
                continue; // more waiting
            }

            bool wokenUp;
            try
            {
                wokenUp = await woken.WaitAsync(KeepAlive, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (!wokenUp)
            {
                yield return new SseItem<string>("{}", "keepalive");
                continue;
            }

            while (woken.CurrentCount > 0)
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
