using MassTransit;
using OrderPipeline.Hosting.Messaging;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>
/// The whole pipeline, once per test collection: a database and a vhost of its own, the fake providers,
/// and the business worker, notify worker and intake API as real processes. Tests keep out of each other's
/// way by using their own seller, product and customer ids rather than by resetting data.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public const string SubmitOrderExchange = "OrderPipeline.Contracts:SubmitOrder";
    public const string SpyQueue = "test-spy-submit-order";

    readonly List<HostProcess> _hosts = [];

    public TestDatabase Database { get; private set; } = null!;
    public TestVhost Vhost { get; private set; } = null!;
    public FakeProviders Providers { get; private set; } = null!;
    public HostProcess Api { get; private set; } = null!;

    /// <summary>The admin host: the admin API (<c>/admin/...</c>) and the operations console.</summary>
    public HostProcess Admin { get; private set; } = null!;
    public HostProcess DeadLetterWorker { get; private set; } = null!;

    /// <summary>An error queue of the tests' own, drained like the real ones (its dead letters name queue "test").</summary>
    public const string TestErrorQueue = "test_error";
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The admin host, without a key (requests add their own).</summary>
    public HttpClient AdminHttp { get; private set; } = null!;

    /// <summary>The host that serves <paramref name="path"/>: the admin host for <c>/admin/...</c>, the intake for the rest.</summary>
    public HttpClient For(string path) => path.StartsWith("/admin/", StringComparison.Ordinal) ? AdminHttp : Http;

    /// <summary>The API with a seller-admin key: acts for any seller (products, webhooks, delays).</summary>
    public HttpClient Sellers { get; private set; } = null!;

    public const string SellerAdminKey = "dev-admin-key";
    public IConnection Rabbit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Vhost = await TestVhost.CreateAsync();
        Providers = await FakeProviders.StartAsync();

        // The business worker declares the orders topology; the API publishes with mandatory=true, so it comes first.
        _hosts.Add(await HostProcess.StartAsync("Workers.Business", Environment(), TestEnvironment.Host()));
        _hosts.Add(await HostProcess.StartAsync("Workers.Notify", Environment(), TestEnvironment.Host()));
        DeadLetterWorker = await HostProcess.StartAsync("Workers.DeadLetter", Environment(), TestEnvironment.Host());
        _hosts.Add(DeadLetterWorker);
        Api = await HostProcess.StartAsync("Intake.Api", Environment(), TestEnvironment.Host());
        _hosts.Add(Api);
        Http = new HttpClient { BaseAddress = Api.BaseAddress };
        Admin = await HostProcess.StartAsync("Admin", Environment(), TestEnvironment.Host());
        _hosts.Add(Admin);
        AdminHttp = new HttpClient { BaseAddress = Admin.BaseAddress };
        Sellers = new HttpClient { BaseAddress = Api.BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", SellerAdminKey } } };

        // A second queue on the SubmitOrder exchange counts what the intake publishes (the worker drains its own).
        Rabbit = await Vhost.ConnectAsync();
        await using var channel = await Rabbit.CreateChannelAsync();
        await channel.QueueDeclareAsync(SpyQueue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(SpyQueue, SubmitOrderExchange, "");
        await channel.QueueDeclareAsync(TestErrorQueue, durable: true, exclusive: false, autoDelete: false);
    }

    public Dictionary<string, string> Environment(IDictionary<string, string>? overrides = null)
    {
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Pipeline"] = Database.ConnectionString,
            ["RabbitMq__VirtualHost"] = Vhost.Name,
            ["Intake__ReceiptKey"] = TestEnvironment.ReceiptKey,
            ["Notify__Gateway__BaseUrl"] = Providers.GatewayUrl,
            // Quiet hours depend on the time of day; DelayTests covers them with a fake clock.
            ["Notify__QuietHours__Enabled"] = "false",
            ["Notify__Gateway__RatePerSecond"] = "10000",
            ["Notify__Webhooks__RatePerSecond"] = "10000",
            // Short waits so that retry tests finish in seconds; every index is set (arrays bind by index).
            ["Business__RetryIntervalsMs__0"] = "20", ["Business__RetryIntervalsMs__1"] = "50", ["Business__RetryIntervalsMs__2"] = "100",
            ["Notify__RetryIntervalsMs__0"] = "20", ["Notify__RetryIntervalsMs__1"] = "50", ["Notify__RetryIntervalsMs__2"] = "100",
            ["DeadLetter__MoveIntervalSeconds"] = "1", ["DeadLetter__BatchSize"] = "50", ["DeadLetter__ReplayPollMilliseconds"] = "200",
            // One alert per failure group for the whole run, checked every second.
            ["DeadLetter__Alerts__WebhookUrl"] = Providers.AlertsUrl, ["DeadLetter__Alerts__IntervalSeconds"] = "3600",
            ["DeadLetter__Alerts__CheckIntervalSeconds"] = "1",
            // Tests fail messages on purpose; the kill switch has a test of its own (KillSwitchTests) with its own thresholds.
            ["KillSwitch__ActivationThreshold"] = "100000",
            // Chunks of 100 delay notices, so a 2,000-order delay shows progress on the seller's stream.
            ["Business__DelayChunkSize"] = "100",
            // Slices of 300 then 600 orders: the delay tests' 2,000 orders are marked in several committed slices.
            ["Business__DelayFirstSliceSize"] = "300", ["Business__DelaySliceSize"] = "600",
            // Tests kill hosts: a killed instance drops out of the flags API within 3 s. Reloads stay at the default 10 s, so the
            // propagation test measures the broadcast, not the safety net.
            ["Flags__HeartbeatSeconds"] = "1", ["Flags__InstanceTimeoutSeconds"] = "3",
            // The admin host's seller center acts through this run's intake; its queues page reads the broker's management API.
            ["Console__IntakeUrl"] = Api?.BaseAddress.ToString() ?? "http://127.0.0.1:1",
            ["Console__ManagementUrl"] = TestEnvironment.ManagementUrl,
            ["Redelivery__DelaysMs__0"] = "300", ["Redelivery__DelaysMs__1"] = "600", ["Redelivery__DelaysMs__2"] = "900", ["Redelivery__DelaysMs__3"] = "1200",
        };
        // Every queue the catalogue says the dead-letter worker drains, and the tests' own error queue (arrays bind by index).
        foreach (var (queue, index) in PipelineQueues.DeadLetterSources.Append(TestErrorQueue).Select((q, i) => (q, i)))
        {
            env[$"DeadLetter__Queues__{index}"] = queue;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>How many SubmitOrder messages the intake has published to the broker so far.</summary>
    public async Task<uint> PublishedOrdersAsync()
    {
        await using var channel = await Rabbit.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(SpyQueue)).MessageCount;
    }

    /// <summary>Publishes messages straight onto this run's broker, as another service (or a redelivery) would.</summary>
    public Task PublishAsync<T>(params T[] messages)
        where T : class => PublishToAsync(Vhost.Name, messages);

    /// <summary>Publishes one message with the given message id, as a redelivery of an earlier one would carry it.</summary>
    public async Task PublishWithIdAsync<T>(Guid messageId, T message)
        where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestEnvironment.RabbitHost, Vhost.Name, h =>
        {
            h.Username(TestEnvironment.RabbitUser);
            h.Password(TestEnvironment.RabbitPassword);
        }));
        await bus.StartAsync();
        try
        {
            await bus.Publish(message, ctx => ctx.MessageId = messageId);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Publishes onto another vhost (a test's own, for hosts it runs apart from the fixture's).</summary>
    public async Task PublishToAsync<T>(string vhost, params T[] messages)
        where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestEnvironment.RabbitHost, vhost, h =>
        {
            h.Username(TestEnvironment.RabbitUser);
            h.Password(TestEnvironment.RabbitPassword);
        }));
        await bus.StartAsync();
        try
        {
            foreach (var message in messages)
            {
                await bus.Publish(message);
            }
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Starts an extra host (for example a second API instance) that the fixture stops at the end.</summary>
    public async Task<HostProcess> StartHostAsync(string project, IDictionary<string, string>? overrides = null, bool waitUntilReady = true)
    {
        var host = await HostProcess.StartAsync(project, Environment(overrides), TestEnvironment.Host(waitUntilReady));
        _hosts.Add(host);
        return host;
    }

    public async Task PutProductAsync(string sellerId, string productId, decimal unitPrice, int stock, string currency = "KRW")
    {
        var response = await Sellers.PutAsJsonAsync($"/sellers/{sellerId}/products/{productId}",
            new { name = $"Product {productId}", unitPrice, currency, stock });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Lines containing <paramref name="text"/> in the output of every host the fixture runs (a test may have replaced one).</summary>
    public int CountLines(string text) => _hosts.Sum(h => h.CountLines(text));

    public string HostOutput => string.Join(System.Environment.NewLine, _hosts.Select(h => h.Output));

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        AdminHttp?.Dispose();
        Sellers?.Dispose();
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Disposables.DisposeAllAsync(Rabbit, Providers, Vhost, Database);
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
