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
const int ChunkSize = 1000; // Business:DelayChunkSize's default
const string Seller = "bench-farm";

// The gateway: answers every bulk request at once, counts each notice by idempotency key, and notes the last acceptance.
// Keys of the delay being measured (`{product}-{i:D7}:Delayed:{delayId}:{channel}`) are counted in an array by i, so counting
// a million notices costs the receiver 4 MB, not a dictionary of a million strings; any other key is counted by name.
var gatewayPort = FreePort();
var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var counting = new Counting("", "", []);
long lastAccepted = 0;
var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{gatewayPort}");
builder.Logging.ClearProviders();
var gateway = builder.Build();
gateway.MapPost("/messages/bulk", async (Microsoft.AspNetCore.Http.HttpRequest request) =>
{
    // The receiver reads only what it counts: one forward pass of Utf8JsonReader over the body for the messages' keys.
    var body = new byte[(int)(request.ContentLength ?? 0)];
    await request.Body.ReadExactlyAsync(body);
    var current = Volatile.Read(ref counting);
    var reader = new Utf8JsonReader(body);
    while (reader.Read())
    {
        if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 3 && reader.ValueTextEquals("idempotencyKey"u8) && reader.Read())
        {
            var key = reader.GetString()!;
            if (current.Index(key) is { } i)
            {
                Interlocked.Increment(ref current.Counts[i]);
            }
            else
            {
                received.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
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

var hosts = new List<HostProcess>();
foreach (var project in new[] { "Workers.Business", "Workers.Notify", "Intake.Api", "Admin" })
{
    hosts.Add(await HostProcess.StartAsync(project, environment, new HostStart { Root = root }));
}

var api = hosts[2];
using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
// The seller's own key, issued by the admin host.
using var admin = new HttpClient { BaseAddress = hosts[3].BaseAddress };
using var issue = new HttpRequestMessage(HttpMethod.Post, $"/admin/sellers/{Seller}/api-keys");
issue.Headers.Add("X-Api-Key", "dev-admin-key");
using var issued = await admin.SendAsync(issue);
var key = (await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

var factory = new ConnectionFactory { HostName = "127.0.0.1", VirtualHost = vhost, UserName = rabbitUser, Password = rabbitPassword };
await using var rabbit = await factory.CreateConnectionAsync("bench-delay-fanout");
await using var dataSource = NpgsqlDataSource.Create(pg);

Console.WriteLine($"delay fan-out bench, commit {Git(root, "rev-parse --short HEAD")}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"settings: {string.Join(", ", environment.Where(e => e.Key.StartsWith("Business__", StringComparison.Ordinal) || e.Key.StartsWith("Notify__", StringComparison.Ordinal)).Select(e => $"{e.Key}={e.Value}"))}");
Console.WriteLine($"chunks of {ChunkSize}; gateway rate limit 10,000,000/s (not binding); API, workers, RabbitMQ, PostgreSQL and this program on one machine");
Console.WriteLine();
Console.WriteLine("orders    | 202 ms | last notice ms | Done (status) ms | Done (stream) ms | marking ms | enqueue ms | sending ms | raw UPDATE ms | last notice / raw UPDATE | raw publish ms | peak RSS MB: API / business / notify / RabbitMQ / PostgreSQL backend / bench | check");
Console.WriteLine("----------|--------|----------------|------------------|------------------|------------|------------|------------|---------------|--------------------------|----------------|-----------------------------------------------------------------------|------");
using var memory = new PeakMemory(hosts.Select(h => h.Pid).ToArray());
var cpuRows = new List<string>();
// Warm-up: three unreported delays of 20,000 orders first, so no measured size pays for JIT (tiered compilation with PGO takes
// several rounds to reach its final code: measured, the first 200,000 after a 5,000 warm-up cost 9.1 CPU seconds, the third 5.3),
// connection pools or first plans. OP_BENCH_WARMUP=0 skips it (to see a cold start).
var warmUps = int.Parse(Environment.GetEnvironmentVariable("OP_BENCH_WARMUP") ?? "3", CultureInfo.InvariantCulture);
foreach (var (size, warmUp) in Enumerable.Repeat((20_000, true), warmUps).Concat(sizes.Select(s => (s, false))))
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
    memory.Reset();
    var cpuBefore = memory.CpuSeconds();
    var started = Stopwatch.GetTimestamp();
    using var declare = new HttpRequestMessage(HttpMethod.Post, $"/sellers/{Seller}/products/{product}/delays")
    {
        Content = JsonContent.Create(new { newShipDate = "2026-12-24", reason = "Rain delayed the harvest" }),
    };
    declare.Headers.Add("X-Api-Key", key);
    // This run's product is new and delayed once: every "…:Delayed:…" key of it is this delay's notice.
    Volatile.Write(ref counting, new Counting(product, ":Delayed:", new int[size]));
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
            await Task.Delay(100);
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

    var cpu = memory.CpuSeconds().Zip(cpuBefore, (after, before) => after - before).ToArray();
    await stream.WaitAsync(TimeSpan.FromSeconds(60));
    var (marking, enqueueing) = await PhasesAsync(hosts[0], delayId);

    // Check: every order Delayed, every shopper told exactly once (counted at the gateway by idempotency key).
    var marker = $":Delayed:{delayId:N}:";
    var current = Volatile.Read(ref counting);
    var strays = received.Count(r => r.Key.Contains(marker, StringComparison.Ordinal));
    var counted = current.Counts.Count(c => c > 0);
    var repeated = current.Counts.Count(c => c > 1);
    await using var count = dataSource.CreateCommand("SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.order_id WHERE i.product_id = $1 AND o.status = 'Delayed' AND o.ship_date = '2026-12-24'");
    count.Parameters.AddWithValue(product);
    var delayed = (long)(await count.ExecuteScalarAsync())!;
    var ok = delayed == size && counted == size && repeated == 0 && strays == 0;
    if (warmUp)
    {
        Console.WriteLine($"(warm-up: {size:N0} orders, {(ok ? "ok" : "FAILED")}, {Ms(acceptedAt, Volatile.Read(ref lastAccepted)):0} ms to the last notice)");
        await streamStop.CancelAsync();
        continue;
    }

    var last = Volatile.Read(ref lastAccepted);
    var peaks = memory.Peaks();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,9:N0} | {Ms(started, acceptedAt),6:0} | {Ms(acceptedAt, last),14:0} | {Ms(acceptedAt, statusDone),16:0} | {Ms(acceptedAt, Volatile.Read(ref streamDone)),16:0} | {marking,10} | {enqueueing,10} | {Ms(acceptedAt, last) - marking - enqueueing,10:0} | {rawUpdate,13:0} | {Ms(acceptedAt, last) / rawUpdate,24:0.00} | {rawPublish,14:0} | {string.Join(" / ", peaks.Select((p, i) => i == 3 ? $"{p:0} (from {memory.RabbitAtStart:0})" : p.ToString("0", CultureInfo.InvariantCulture))),69} | {(ok ? "ok" : $"FAILED: {delayed} delayed, {counted} told, {repeated} repeated, {strays} unexpected keys")}"));
    cpuRows.Add(string.Create(CultureInfo.InvariantCulture, $"{size,9:N0} | {string.Join(" | ", cpu.Select(c => $"{c,6:0.00}"))} | {cpu.Sum(),6:0.00} | {Ms(acceptedAt, statusDone) / 1000 * Environment.ProcessorCount,6:0.00}"));
    await streamStop.CancelAsync();
}

Console.WriteLine();
Console.WriteLine("CPU seconds from the declaration to Done, per process (where the time goes; the machine has 2 cores):");
Console.WriteLine("orders    |    API | busin. | notify | Rabbit |  PG    |  bench |    sum | cores × wall");
Console.WriteLine("----------|--------|--------|--------|--------|--------|--------|--------|-------------");
foreach (var row in cpuRows)
{
    Console.WriteLine(row);
}

Console.WriteLine();
Console.WriteLine("202 ms: POST /delays answered (stored, announced with a publisher confirm). Other times from the 202.");
Console.WriteLine("peak RSS: the API's, workers' and this program's high-water mark (VmHWM) since they started; RabbitMQ's resident size (and");
Console.WriteLine("what it was when the delay was declared: the broker's own footprint) and");
Console.WriteLine("the largest PostgreSQL process's private memory (RssAnon; shared_buffers are shared by all), sampled every 50 ms from");
Console.WriteLine("the declaration to Done.");
Console.WriteLine("marking: the business worker's slices (each marks its orders, writes their chunk rows and commits; its chunks are sent");
Console.WriteLine("meanwhile); enqueue: its last publishes after that; sending: the rest up to the last notice accepted. raw UPDATE: the same rows updated");
Console.WriteLine("in one statement and rolled back; raw publish: the same number of chunk messages (1 KB) published with confirms, same run.");
Console.WriteLine($"reproduce: bench/delay-fanout/run.sh {string.Join(' ', sizes)}");
foreach (var host in hosts)
{
    await host.DisposeAsync();
}

await gateway.StopAsync();
return;

static double Ms(long from, long to) => to == 0 ? double.NaN : (to - from) * 1000.0 / Stopwatch.Frequency;

static async Task<(int Marking, int Enqueueing)> PhasesAsync(HostProcess business, Guid delayId)
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
    var ids = Enumerable.Range(0, size).Select(i => $"{product}-{i:D7}");
    await using (var orders = await connection.BeginBinaryImportAsync(
        "COPY orders (order_id, customer_id, seller_id, status, total, currency, contact_phone, request_hash, accepted_at, ship_date, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < size; i++)
        {
            await orders.StartRowAsync();
            await orders.WriteAsync($"{product}-{i:D7}");
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

    // Vacuumed and analysed, as a table in steady state is (autovacuum would otherwise start on the fresh rows mid-run).
    foreach (var table in new[] { "orders", "order_items" })
    {
        await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", connection);
        await vacuum.ExecuteNonQueryAsync();
    }
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
    var body = new byte[1024]; // about what a DelayNoticeChunk's envelope weighs (its orders are in its row, not in the message)
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

/// <summary>The delay being counted: keys <c>{Product}-{i:D7}{Marker}…</c> count in <c>Counts[i]</c>.</summary>
sealed record Counting(string Product, string Marker, int[] Counts)
{
    public int? Index(string key)
    {
        if (Marker.Length == 0 || !key.StartsWith(Product, StringComparison.Ordinal) || key.Length < Product.Length + 8 || key[Product.Length] != '-'
            || string.CompareOrdinal(key, Product.Length + 8, Marker, 0, Marker.Length) != 0
            || !int.TryParse(key.AsSpan(Product.Length + 1, 7), NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= Counts.Length)
        {
            return null;
        }

        return i;
    }
}

/// <summary>Peak resident memory: the hosts' and this program's own high-water marks, RabbitMQ's and PostgreSQL's sampled.</summary>
sealed class PeakMemory : IDisposable
{
    readonly int[] _hosts;
    readonly Timer _timer;
    double _rabbit, _postgres;

    public PeakMemory(int[] hosts)
    {
        _hosts = hosts;
        _timer = new Timer(_ => Sample(), null, 0, 50);
    }

    /// <summary>API, business, notify (in the order the hosts were given: business, notify, API), RabbitMQ, PostgreSQL, this program; MB.</summary>
    public double[] Peaks()
    {
        Sample();
        return [Read(_hosts[2], "VmHWM"), Read(_hosts[0], "VmHWM"), Read(_hosts[1], "VmHWM"), _rabbit, _postgres, Read(Environment.ProcessId, "VmHWM")];
    }

    (int[] Rabbit, int[] Postgres) _pids = ([], []);
    long _scanned;

    /// <summary>
    /// Reads the resident sizes of RabbitMQ's and PostgreSQL's processes; which processes those are is looked up in /proc once
    /// a second (a new backend is found within a second), so sampling every 50 ms costs this program next to nothing.
    /// </summary>
    void Sample()
    {
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _scanned)) > TimeSpan.FromSeconds(1))
        {
            Interlocked.Exchange(ref _scanned, Stopwatch.GetTimestamp());
            var found = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0)
                .Select(pid => (pid, comm: Comm(pid))).ToList();
            _pids = (found.Where(p => p.comm == "beam.smp").Select(p => p.pid).ToArray(), found.Where(p => p.comm == "postgres").Select(p => p.pid).ToArray());
        }

        var (rabbit, postgres) = _pids;
        foreach (var pid in rabbit)
        {
            InterlockedMax(ref _rabbit, Read(pid, "VmRSS"));
        }

        foreach (var pid in postgres)
        {
            InterlockedMax(ref _postgres, Read(pid, "RssAnon"));
        }
    }

    /// <summary>Starts a new window for RabbitMQ's and PostgreSQL's sampled peaks (the hosts' high-water marks are for life).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _scanned, 0);
        Volatile.Write(ref _rabbit, 0);
        Volatile.Write(ref _postgres, 0);
        Sample();
        RabbitAtStart = Volatile.Read(ref _rabbit);
    }

    /// <summary>RabbitMQ's resident size when the window started: the broker's own footprint, before the delay.</summary>
    public double RabbitAtStart { get; private set; }

    static void InterlockedMax(ref double target, double value)
    {
        double seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    static double Read(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>CPU seconds used so far (user + system): API, business, notify, RabbitMQ, every PostgreSQL process, this program.</summary>
    public double[] CpuSeconds()
    {
        double rabbit = 0, postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Comm(pid) is { } comm)
            {
                if (comm == "beam.smp")
                {
                    rabbit += Cpu(pid);
                }
                else if (comm == "postgres")
                {
                    postgres += Cpu(pid);
                }
            }
        }

        return [Cpu(_hosts[2]), Cpu(_hosts[0]), Cpu(_hosts[1]), rabbit, postgres, Cpu(Environment.ProcessId)];
    }

    static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static double Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    public void Dispose() => _timer.Dispose();
}
