using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using RabbitMQ.Client;

// Issue 6's benchmark: a seller delays a product with N confirmed orders; how long until every shopper's notice is accepted
// by the gateway, where the time goes, and how that compares with the raw floor measured in the same run: one set-based
// UPDATE of the same rows, and a raw publish (with confirms) of the same number of chunks of the same size.
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1000, 50_000, 200_000];
var root = Environment.GetEnvironmentVariable("OP_ROOT") ?? Directory.GetCurrentDirectory();
var pg = Environment.GetEnvironmentVariable("OP_BENCH_PG") ?? "Host=127.0.0.1;Database=op_bench_delay;Username=orderpipeline;Password=orderpipeline";
var vhost = Environment.GetEnvironmentVariable("OP_RABBIT_VHOST") ?? "op-bench-delay";
var rabbitUser = Environment.GetEnvironmentVariable("OP_RABBIT_USER") ?? "orderpipeline";
var rabbitPassword = Environment.GetEnvironmentVariable("OP_RABBIT_PASSWORD") ?? "orderpipeline";
const int ChunkSize = 500;
const string Seller = "bench-farm";

// The gateway: answers every bulk request at once, counts each notice by idempotency key, and notes the last acceptance.
var gatewayPort = FreePort();
var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
long lastAccepted = 0;
var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{gatewayPort}");
builder.Logging.ClearProviders();
var gateway = builder.Build();
gateway.MapPost("/messages/bulk", async (Microsoft.AspNetCore.Http.HttpRequest request) =>
{
    using var document = await JsonDocument.ParseAsync(request.Body);
    foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
    {
        received.AddOrUpdate(message.GetProperty("idempotencyKey").GetString()!, 1, (_, n) => n + 1);
    }

    Interlocked.Exchange(ref lastAccepted, Stopwatch.GetTimestamp());
    return Microsoft.AspNetCore.Http.Results.Ok();
});
gateway.MapPost("/messages", () => Microsoft.AspNetCore.Http.Results.Ok());
await gateway.StartAsync();

var environment = new Dictionary<string, string>
{
    ["ConnectionStrings__Pipeline"] = pg + ";Maximum Pool Size=32",
    ["RabbitMq__VirtualHost"] = vhost, ["RabbitMq__Username"] = rabbitUser, ["RabbitMq__Password"] = rabbitPassword,
    ["Notify__Gateway__BaseUrl"] = $"http://127.0.0.1:{gatewayPort}",
    ["Notify__Gateway__BulkMessagesPerSecond"] = "10000000", // high enough not to bind
    ["Notify__QuietHours__Enabled"] = "false",
    ["Business__DelayChunkSize"] = ChunkSize.ToString(CultureInfo.InvariantCulture),
    ["Logging__LogLevel__Default"] = "Warning", ["Logging__LogLevel__OrderPipeline.Business.Delays"] = "Information",
};
// Settings to try are passed through: Business__*, Notify__* and ConnectionStrings__* from this program's environment win.
foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
{
    if (e.Key is string name && (name.StartsWith("Business__", StringComparison.Ordinal) || name.StartsWith("Notify__", StringComparison.Ordinal)))
    {
        environment[name] = (string)e.Value!;
    }
}

var hosts = new List<Host>();
foreach (var project in new[] { "Workers.Business", "Workers.Notify", "Intake.Api" })
{
    hosts.Add(await Host.StartAsync(root, project, environment));
}

var api = hosts[^1];
using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(5) };
using var issue = new HttpRequestMessage(HttpMethod.Post, $"/admin/sellers/{Seller}/api-keys");
issue.Headers.Add("X-Api-Key", "dev-admin-key");
using var issued = await http.SendAsync(issue);
var key = (await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

var factory = new ConnectionFactory { HostName = "127.0.0.1", VirtualHost = vhost, UserName = rabbitUser, Password = rabbitPassword };
await using var rabbit = await factory.CreateConnectionAsync("bench-delay-fanout");
await using var dataSource = NpgsqlDataSource.Create(pg);

Console.WriteLine($"delay fan-out bench, commit {Git(root, "rev-parse --short HEAD")}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"settings: {string.Join(", ", environment.Where(e => e.Key.StartsWith("Business__", StringComparison.Ordinal) || e.Key.StartsWith("Notify__", StringComparison.Ordinal)).Select(e => $"{e.Key}={e.Value}"))}");
Console.WriteLine($"chunks of {ChunkSize}; gateway rate limit 10,000,000/s (not binding); API, workers, RabbitMQ, PostgreSQL and this program on one machine");
Console.WriteLine();
Console.WriteLine("orders   | 202 ms | last notice ms | Done (status) ms | Done (stream) ms | marking ms | enqueue ms | sending ms | raw UPDATE ms | raw publish ms | check");
Console.WriteLine("---------|--------|----------------|------------------|------------------|------------|------------|------------|---------------|----------------|------");
foreach (var size in sizes)
{
    var product = $"bench-{size}-{Guid.NewGuid():N}"[..24];
    using (var put = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/sellers/{Seller}/products/{product}")
           {
               Content = JsonContent.Create(new { name = "Bench peach", unitPrice = 12000m, currency = "KRW", stock = 1, shipDate = "2026-12-01" }),
               Headers = { { "X-Api-Key", key } },
           }))
    {
        put.EnsureSuccessStatusCode();
    }

    await SeedAsync(dataSource, product, size);
    var rawUpdate = await RawUpdateAsync(dataSource, product);
    var rawPublish = await RawPublishAsync(rabbit, (size + ChunkSize - 1) / ChunkSize);

    // The seller watches the stream while the delay runs.
    long streamDone = 0;
    using var streamStop = new CancellationTokenSource();
    var opened = new TaskCompletionSource();
    var stream = Task.Run(async () =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sellers/{Seller}/events");
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, streamStop.Token);
        await using var body = await response.Content.ReadAsStreamAsync(streamStop.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(streamStop.Token))
        {
            opened.TrySetResult();
            if (item.EventType == "delay.done" && item.Data.Contains(product, StringComparison.Ordinal))
            {
                Interlocked.Exchange(ref streamDone, Stopwatch.GetTimestamp());
                return;
            }
        }
    });
    await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));

    Interlocked.Exchange(ref lastAccepted, 0);
    var logMark = api.Lines.Count + hosts[0].Lines.Count;
    var started = Stopwatch.GetTimestamp();
    using var declare = new HttpRequestMessage(HttpMethod.Post, $"/sellers/{Seller}/products/{product}/delays")
    {
        Content = JsonContent.Create(new { newShipDate = "2026-12-24", reason = "Rain delayed the harvest" }),
    };
    declare.Headers.Add("X-Api-Key", key);
    using var accepted = await http.SendAsync(declare);
    var acceptedAt = Stopwatch.GetTimestamp();
    accepted.EnsureSuccessStatusCode();
    var status = accepted.Headers.Location!.OriginalString;
    var delayId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delayId").GetGuid();

    long statusDone = 0;
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
    while (statusDone == 0 && Stopwatch.GetTimestamp() < deadline)
    {
        using var poll = new HttpRequestMessage(HttpMethod.Get, status);
        poll.Headers.Add("X-Api-Key", key);
        using var answer = await http.SendAsync(poll);
        var state = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
        if (state == "Done")
        {
            statusDone = Stopwatch.GetTimestamp();
        }
        else
        {
            await Task.Delay(10);
        }
    }

    if (statusDone == 0)
    {
        Console.WriteLine($"{size}: not Done after 120 s; the hosts said:");
        foreach (var line in hosts.SelectMany(h => h.Lines).Where(l => Regex.IsMatch(l, "fail|error|warn|exception", RegexOptions.IgnoreCase)).TakeLast(30))
        {
            Console.WriteLine("  " + line);
        }

        break;
    }

    await stream.WaitAsync(TimeSpan.FromSeconds(60));
    var (marking, enqueueing) = await PhasesAsync(hosts[0], delayId);

    // Check: every order Delayed, every shopper told exactly once (counted at the gateway by idempotency key).
    var marker = $":Delayed:{delayId:N}:";
    var keys = received.Where(r => r.Key.Contains(marker, StringComparison.Ordinal)).ToList();
    await using var count = dataSource.CreateCommand("SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.order_id WHERE i.product_id = $1 AND o.status = 'Delayed' AND o.ship_date = '2026-12-24'");
    count.Parameters.AddWithValue(product);
    var delayed = (long)(await count.ExecuteScalarAsync())!;
    var ok = delayed == size && keys.Count == size && keys.All(k => k.Value == 1);
    var last = Volatile.Read(ref lastAccepted);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,8:N0} | {Ms(started, acceptedAt),6:0} | {Ms(acceptedAt, last),14:0} | {Ms(acceptedAt, statusDone),16:0} | {Ms(acceptedAt, Volatile.Read(ref streamDone)),16:0} | {marking,10} | {enqueueing,10} | {Ms(acceptedAt, last) - marking - enqueueing,10:0} | {rawUpdate,13:0} | {rawPublish,14:0} | {(ok ? "ok" : $"FAILED: {delayed} delayed, {keys.Count} keys, {keys.Count(k => k.Value > 1)} repeated")}"));
    await streamStop.CancelAsync();
}

Console.WriteLine();
Console.WriteLine("202 ms: POST /delays answered (stored, announced with a publisher confirm). Other times from the 202.");
Console.WriteLine("marking: the business worker's transaction (lock product, UPDATE orders, INSERT notices); enqueue: publishing the chunks;");
Console.WriteLine("sending: the rest up to the last notice accepted (notify claims, bulk sends, records). raw UPDATE: the same rows updated");
Console.WriteLine("in one statement and rolled back; raw publish: the same number of 500-id chunks published with confirms, same run.");
Console.WriteLine($"reproduce: bench/delay-fanout/run.sh {string.Join(' ', sizes)}");
foreach (var host in hosts)
{
    await host.DisposeAsync();
}

await gateway.StopAsync();
return;

static double Ms(long from, long to) => to == 0 ? double.NaN : (to - from) * 1000.0 / Stopwatch.Frequency;

static async Task<(int Marking, int Enqueueing)> PhasesAsync(Host business, Guid delayId)
{
    var pattern = new Regex($@"Delay {delayId}.*marking (\d+) ms, enqueueing (\d+) ms");
    for (var i = 0; i < 100; i++)
    {
        foreach (var line in business.Lines)
        {
            if (pattern.Match(line) is { Success: true } m)
            {
                return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }

        await Task.Delay(50);
    }

    return (-1, -1);
}

static async Task SeedAsync(NpgsqlDataSource dataSource, string product, int size)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    var now = DateTime.UtcNow;
    var ids = Enumerable.Range(0, size).Select(i => $"{product}-{i:D7}").ToArray();
    await using (var orders = await connection.BeginBinaryImportAsync(
        "COPY orders (order_id, customer_id, seller_id, status, total, currency, contact_phone, request_hash, accepted_at, ship_date, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < size; i++)
        {
            await orders.StartRowAsync();
            await orders.WriteAsync(ids[i]);
            await orders.WriteAsync($"c{i}");
            await orders.WriteAsync(Seller);
            await orders.WriteAsync("Confirmed");
            await orders.WriteAsync(12000m, NpgsqlDbType.Numeric);
            await orders.WriteAsync("KRW");
            await orders.WriteAsync($"+8210{i:D8}");
            await orders.WriteAsync("h");
            await orders.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await orders.WriteAsync(new DateOnly(2026, 12, 1), NpgsqlDbType.Date);
            await orders.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await orders.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }

        await orders.CompleteAsync();
    }

    await using (var items = await connection.BeginBinaryImportAsync(
        "COPY order_items (order_id, line_no, product_id, name, quantity, unit_price) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var id in ids)
        {
            await items.StartRowAsync();
            await items.WriteAsync(id);
            await items.WriteAsync(1);
            await items.WriteAsync(product);
            await items.WriteAsync("Bench peach");
            await items.WriteAsync(1);
            await items.WriteAsync(12000m, NpgsqlDbType.Numeric);
        }

        await items.CompleteAsync();
    }

    await using var analyze = new NpgsqlCommand("ANALYZE orders; ANALYZE order_items", connection);
    await analyze.ExecuteNonQueryAsync();
}

static async Task<double> RawUpdateAsync(NpgsqlDataSource dataSource, string product)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await using var update = new NpgsqlCommand("""
        UPDATE orders SET status = 'Delayed', ship_date = '2026-12-24', delay_reason = 'raw', updated_at = now()
        WHERE order_id IN (SELECT order_id FROM order_items WHERE product_id = $1) AND status IN ('Confirmed', 'Delayed')
        """, connection, transaction);
    update.Parameters.AddWithValue(product);
    var started = Stopwatch.GetTimestamp();
    await update.ExecuteNonQueryAsync();
    var elapsed = Ms(started, Stopwatch.GetTimestamp());
    await transaction.RollbackAsync();
    return elapsed;
}

static async Task<double> RawPublishAsync(IConnection rabbit, int chunks)
{
    await using var channel = await rabbit.CreateChannelAsync(new CreateChannelOptions(true, true));
    var queue = (await channel.QueueDeclareAsync($"bench-raw-{Guid.NewGuid():N}", durable: true, exclusive: false, autoDelete: false,
        new Dictionary<string, object?> { ["x-queue-type"] = "quorum" })).QueueName;
    var body = new byte[ChunkSize * 30]; // 500 order ids and the envelope, about what a DelayNoticeChunk weighs
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, chunks).Select(async _ =>
        await channel.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { Persistent = true }, body)));
    var elapsed = Ms(started, Stopwatch.GetTimestamp());
    await channel.QueueDeleteAsync(queue);
    return elapsed;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string Git(string root, string arguments)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true })!;
        return git.StandardOutput.ReadToEnd().Trim();
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "?";
    }
}

/// <summary>One of the pipeline's hosts, run from its build output.</summary>
sealed class Host : IAsyncDisposable
{
    readonly Process _process;

    Host(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<string> Lines { get; } = new();

    public static async Task<Host> StartAsync(string root, string project, IDictionary<string, string> environment)
    {
        var folder = Path.Combine(root, "src", project, "bin", "Release", "net10.0");
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, project + ".dll")])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var host = new Host(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) host.Lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host.Lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{project} did not become ready:\n{string.Join('\n', host.Lines)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
