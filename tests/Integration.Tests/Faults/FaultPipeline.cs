using OrderPipeline.Bench.Pipeline.Load;
using OrderPipeline.Bench.Pipeline.Verification;

namespace OrderPipeline.Integration.Tests.Faults;

/// <summary>
/// The whole pipeline for the fault suite: its own database and vhost, every host as a process, the shopper gateway behind a TCP
/// relay (so it can be "down"), and seller A's webhook host behind another. Retries are shortened (redeliveries after 1, 2, 4 and
/// 8 s; claim lease 5 s) so an outage plays out in seconds, in proportion to the production settings.
/// </summary>
public sealed class FaultPipeline : IAsyncLifetime
{
    readonly Dictionary<string, List<HostProcess>> _hosts = new(StringComparer.Ordinal);

    public TestDatabase Database { get; private set; } = null!;
    public TestVhost Vhost { get; private set; } = null!;
    public FakeProviders Providers { get; private set; } = null!;
    public TcpProxy Gateway { get; private set; } = null!;
    public TcpProxy SellerAHost { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The admin host (dead-letter replay), with the development admin key.</summary>
    public HttpClient AdminApi { get; private set; } = null!;
    public Uri ApiAddress => Hosts("Intake.Api")[0].BaseAddress;

    public static readonly string[] Projects = ["Workers.Business", "Workers.Notify", "Workers.DeadLetter", "Intake.Api", "Admin"];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Vhost = await TestVhost.CreateAsync();
        Providers = await FakeProviders.StartAsync();
        Gateway = TcpProxy.To(Providers.Port);
        SellerAHost = TcpProxy.To(Providers.Port);
        foreach (var project in Projects)
        {
            await StartAsync(project);
        }
    }

    public Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Pipeline"] = Database.ConnectionString,
        ["RabbitMq__VirtualHost"] = Vhost.Name,
        ["Intake__ReceiptKey"] = TestEnvironment.ReceiptKey,
        ["Notify__Gateway__BaseUrl"] = $"http://127.0.0.1:{Gateway.Port}",
        ["Notify__Gateway__RatePerSecond"] = "10000", ["Notify__Gateway__TimeoutSeconds"] = "2",
        ["Notify__Webhooks__RatePerSecond"] = "10000", ["Notify__Webhooks__TimeoutSeconds"] = "2",
        ["Notify__QuietHours__Enabled"] = "false", ["Notify__ClaimLeaseSeconds"] = "5",
        ["Redelivery__DelaysMs__0"] = "1000", ["Redelivery__DelaysMs__1"] = "2000", ["Redelivery__DelaysMs__2"] = "4000", ["Redelivery__DelaysMs__3"] = "8000",
        ["KillSwitch__RestartTimeoutSeconds"] = "5",
        ["DeadLetter__MoveIntervalSeconds"] = "1", ["DeadLetter__ReplayPollMilliseconds"] = "200",
        ["DeadLetter__Alerts__WebhookUrl"] = Providers.AlertsUrl,
        ["Flags__HeartbeatSeconds"] = "1", ["Flags__InstanceTimeoutSeconds"] = "3",
        ["Logging__LogLevel__OrderPipeline"] = "Warning",
    };

    public IReadOnlyList<HostProcess> Hosts(string project) => _hosts.GetValueOrDefault(project) ?? [];

    readonly Dictionary<string, int> _ports = [];

    /// <summary>Starts an instance; the API and the admin host always on the same port, so clients find them again after a restart.</summary>
    public async Task<HostProcess> StartAsync(string project, bool waitUntilReady = true)
    {
        var fixedPort = project is "Intake.Api" or "Admin";
        var host = await HostProcess.StartAsync(project, Environment(),
            TestEnvironment.Host(waitUntilReady, fixedPort && _ports.TryGetValue(project, out var port) ? port : null));
        if (fixedPort)
        {
            _ports.TryAdd(project, host.Port);
        }

        if (!_hosts.TryGetValue(project, out var list))
        {
            _hosts[project] = list = [];
        }

        list.Add(host);
        if (project == "Intake.Api")
        {
            Api?.Dispose();
        AdminApi?.Dispose();
            Api = new HttpClient { BaseAddress = host.BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", "dev-admin-key" } } };
        }
        else if (project == "Admin")
        {
            AdminApi?.Dispose();
            AdminApi = new HttpClient { BaseAddress = host.BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", "dev-admin-key" } } };
        }

        return host;
    }

    /// <summary><c>kill -9</c>: no shutdown of any kind.</summary>
    public async Task KillAsync(HostProcess host)
    {
        await host.DisposeAsync();
        foreach (var list in _hosts.Values)
        {
            list.Remove(host);
        }
    }

    /// <summary>Every host told to stop (SIGTERM) at once, as an orchestrator's rollout does; waits for them to exit.</summary>
    public async Task StopEverythingAsync()
    {
        var all = _hosts.Values.SelectMany(h => h).ToList();
        await Task.WhenAll(all.Select(h => h.StopGracefullyAsync(TimeSpan.FromSeconds(60))));
        foreach (var host in all)
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
    }

    /// <summary>The run's products through the API, half for seller A (its webhook behind <see cref="SellerAHost"/>), half for seller B.</summary>
    public async Task<(Dictionary<string, int> Stock, string SellerA, string SellerB)> SeedAsync(OrderBodies bodies, string runId, long expectedOrders)
    {
        var (a, b) = ($"{runId}-a", $"{runId}-b");
        var stock = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (product, index) in bodies.Products.Select((p, i) => (p, i)))
        {
            stock[product] = bodies.StockFor(product, expectedOrders);
            using var response = await Api.PutAsJsonAsync($"/sellers/{(index % 2 == 0 ? a : b)}/products/{product}",
                new { name = $"Fault {product}", unitPrice = 1000m, currency = "KRW", stock = stock[product] });
            response.EnsureSuccessStatusCode();
        }

        foreach (var (seller, url) in new[] { (a, $"http://127.0.0.1:{SellerAHost.Port}/webhooks/{a}"), (b, Providers.WebhookUrl(b)) })
        {
            using var response = await Api.PutAsJsonAsync($"/sellers/{seller}/webhook", new { url, secret = "fault-suite-secret-0123" });
            response.EnsureSuccessStatusCode();
        }

        return (stock, a, b);
    }

    /// <summary>Replays every New dead letter moved since <paramref name="since"/> and waits for the job; how many it replayed.</summary>
    public async Task<int> ReplayDeadLettersAsync(DateTimeOffset since)
    {
        var count = await Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE status = 'New' AND moved_at >= @since", new { since });
        if (count == 0)
        {
            return 0;
        }

        using var created = await AdminApi.SendAsync(DeadLetters.AdminApi.Request(HttpMethod.Post, "/admin/dead-letters/replay", body: new
        {
            filter = new { from = since }, ratePerSecond = 1000, batchSize = 200,
        }));
        var job = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await Eventually.GetAsync(async () => await AdminApi.GetFromJsonAsync<JsonElement>($"/admin/dead-letters/replay-jobs/{job}"),
            j => j.GetProperty("status").GetString() == "Done", TimeSpan.FromSeconds(60), "the replay of the fault's dead letters");
        Assert.Equal(0, done.GetProperty("notReplayed").GetInt32());
        return done.GetProperty("replayed").GetInt32();
    }

    public RunVerifier Verifier => new(Database.DataSource);

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values.SelectMany(h => h))
        {
            await host.DisposeAsync();
        }

        Api?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
            await SellerAHost.DisposeAsync();
        }

        await Disposables.DisposeAllAsync(Providers, Vhost, Database);
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultPipeline>
{
    public const string Name = "faults";
}
