using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// ADR 4's measurement: the two ways to wait before a redelivery, side by side in one run on this machine.
//  A. broker-side retry queue: publish (with confirm) to a quorum queue with a message TTL that dead-letters back
//     to the work queue; the broker is the timer.
//  B. a scheduler of our own on Quartz's clustered PostgreSQL job store: one job per parked message, carrying the
//     body, fired after the delay, which publishes the body back to the work queue.
// For each: how fast messages can be parked, how late they come back, and what the database pays.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var delay = TimeSpan.FromMilliseconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
var vhost = Environment.GetEnvironmentVariable("OP_RABBIT_VHOST") ?? "orderpipeline";
var user = Environment.GetEnvironmentVariable("OP_RABBIT_USER") ?? "orderpipeline";
var password = Environment.GetEnvironmentVariable("OP_RABBIT_PASSWORD") ?? "orderpipeline";
var pg = Environment.GetEnvironmentVariable("OP_BENCH_PG")
    ?? "Host=127.0.0.1;Database=orderpipeline;Username=orderpipeline;Password=orderpipeline";
var body = new byte[600]; // about a SubmitOrder envelope
Random.Shared.NextBytes(body);
var run = Guid.NewGuid().ToString("N")[..8];

var factory = new ConnectionFactory { HostName = "127.0.0.1", VirtualHost = vhost, UserName = user, Password = password };
await using var connection = await factory.CreateConnectionAsync("bench-redelivery");
await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
var work = $"bench_work_{run}";
var retry = $"bench_work_{run}_retry_{delay.TotalMilliseconds}ms";
await channel.QueueDeclareAsync(work, true, false, false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
await channel.QueueDeclareAsync(retry, true, false, false, new Dictionary<string, object?>
{
    ["x-queue-type"] = "quorum", ["x-message-ttl"] = (int)delay.TotalMilliseconds, ["x-dead-letter-exchange"] = "",
    ["x-dead-letter-routing-key"] = work, ["x-dead-letter-strategy"] = "at-least-once", ["x-overflow"] = "reject-publish",
});

var arrivals = new ConcurrentDictionary<string, long>();
var returned = new TaskCompletionSource();
var consumer = new AsyncEventingBasicConsumer(channel);
consumer.ReceivedAsync += (_, e) =>
{
    arrivals[e.BasicProperties.MessageId!] = Stopwatch.GetTimestamp();
    if (arrivals.Count == count)
    {
        returned.TrySetResult();
    }

    return Task.CompletedTask;
};
await channel.BasicConsumeAsync(work, autoAck: true, consumer);

Console.WriteLine($"redelivery bench: {count} messages of {body.Length} B, delay {delay.TotalMilliseconds} ms, run {run}");
Console.WriteLine($"reproduce: dotnet run -c Release --project bench/redelivery -- {count} {delay.TotalMilliseconds}");
Console.WriteLine();

// A. Retry queue.
var parkedAt = new ConcurrentDictionary<string, long>();
var started = Stopwatch.GetTimestamp();
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
{
    var id = $"a-{i}";
    parkedAt[id] = Stopwatch.GetTimestamp();
    await channel.BasicPublishAsync("", retry, true, new BasicProperties { MessageId = id, Persistent = true }, body, ct);
});
var parkSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
await returned.Task.WaitAsync(delay * 10 + TimeSpan.FromSeconds(60));
var a = Report("A. broker retry queue (quorum, TTL, at-least-once DLX)", parkSeconds, parkedAt, arrivals, delay, "none");

// B. Quartz, clustered PostgreSQL job store.
arrivals.Clear();
returned = new TaskCompletionSource();
var rowsBefore = await QuartzRowsWrittenAsync(pg);
var services = new ServiceCollection();
services.AddSingleton(new Republisher(channel, work));
services.AddQuartz(q =>
{
    q.ConfigureScheduler(sc =>
    {
        sc.InstanceName = $"bench-redelivery-{run}";
        sc.GenerateInstanceId = true;
    });
    q.UsePersistentStore(s =>
    {
        s.UsePostgres(pg);
        s.UseClustering();
        s.UseSystemTextJsonSerializer(_ => { });
        s.ProvisionSchema();
    });
    q.UseDefaultThreadPool(tp => tp.MaxConcurrency = 16);
});
await using var provider = services.BuildServiceProvider();
var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
await scheduler.Start();
parkedAt.Clear();
started = Stopwatch.GetTimestamp();
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
{
    var id = $"b-{i}";
    parkedAt[id] = Stopwatch.GetTimestamp();
    var job = JobBuilder.Create<RedeliverJob>().WithIdentity(id, run)
        .UsingJobData("messageId", id).UsingJobData("body", Convert.ToBase64String(body)).Build();
    var trigger = TriggerBuilder.Create().WithIdentity(id, run).StartAt(DateTimeOffset.UtcNow + delay).Build();
    await scheduler.ScheduleJob(job, trigger, cancellationToken: ct);
});
parkSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
string quartzOutcome;
try
{
    await returned.Task.WaitAsync(delay * 10 + TimeSpan.FromSeconds(120));
    quartzOutcome = "";
}
catch (TimeoutException)
{
    quartzOutcome = $" (only {arrivals.Count} of {count} came back in time)";
}

var rowsWritten = await QuartzRowsWrittenAsync(pg) - rowsBefore;
var b = Report("B. Quartz, clustered PostgreSQL job store" + quartzOutcome, parkSeconds, parkedAt, arrivals, delay,
    $"{rowsWritten:N0} rows inserted/updated/deleted in qrtz_* ({(double)rowsWritten / count:F1} per message)");
await scheduler.Shutdown(true);

Console.WriteLine();
Console.WriteLine($"ratio B/A: park rate {b.ParkRate / a.ParkRate:F2}x, p99 lateness {b.P99 / Math.Max(a.P99, 0.1):F1}x");
await channel.QueueDeleteAsync(work);
await channel.QueueDeleteAsync(retry);
return 0;

static (double ParkRate, double P99) Report(string name, double parkSeconds, ConcurrentDictionary<string, long> parkedAt,
    ConcurrentDictionary<string, long> arrivals, TimeSpan delay, string databaseCost)
{
    var lateness = arrivals.Where(a => parkedAt.ContainsKey(a.Key))
        .Select(a => (Stopwatch.GetElapsedTime(parkedAt[a.Key], a.Value) - delay).TotalMilliseconds).Order().ToArray();
    double P(double q) => lateness.Length == 0 ? double.NaN : lateness[Math.Min(lateness.Length - 1, (int)(q * lateness.Length))];
    var rate = parkedAt.Count / parkSeconds;
    Console.WriteLine(name);
    Console.WriteLine($"  parked {parkedAt.Count} in {parkSeconds:F2} s = {rate:N0} msg/s; came back {lateness.Length}");
    Console.WriteLine($"  lateness after the {delay.TotalMilliseconds} ms delay: p50 {P(0.5):F0} ms, p99 {P(0.99):F0} ms, max {(lateness.Length == 0 ? double.NaN : lateness[^1]):F0} ms");
    Console.WriteLine($"  database cost: {databaseCost}");
    return (rate, P(0.99));
}

static async Task<long> QuartzRowsWrittenAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_user_tables WHERE relname LIKE 'qrtz%'", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

sealed class Republisher(IChannel channel, string queue)
{
    public ValueTask PublishAsync(string messageId, byte[] body, CancellationToken cancellationToken) =>
        channel.BasicPublishAsync("", queue, true, new BasicProperties { MessageId = messageId, Persistent = true }, body, cancellationToken);
}

sealed class RedeliverJob(Republisher republisher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        await republisher.PublishAsync(data.GetString("messageId")!, Convert.FromBase64String(data.GetString("body")!), cancellationToken);
    }
}
