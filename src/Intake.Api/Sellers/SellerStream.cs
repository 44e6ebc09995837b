using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Sellers;

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
        seller.MapGet("/events", Stream).WithName("SellerEvents").WithSummary("Stream the seller's feed (Server-Sent Events)").Produces<string>(StatusCodes.Status200OK, "text/event-stream")
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
        return await dataSource.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM seller_events WHERE seller_id = @sellerId", new { sellerId }, cancellationToken);
    }

    static async Task<List<(long Id, string Type, string Data)>> NextAsync(NpgsqlDataSource dataSource, string sellerId, long after, CancellationToken cancellationToken)
    {
        return await dataSource.QueryAsync<(long, string, string)>(
            "SELECT id, type, data::text FROM seller_events WHERE seller_id = @sellerId AND id > @after ORDER BY id LIMIT 500", new { sellerId, after }, cancellationToken);
    }
}
