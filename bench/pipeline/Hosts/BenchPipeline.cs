using System.Globalization;
using System.Net.Http.Json;
using Npgsql;
using OrderPipeline.Bench.Pipeline.Load;
using RabbitMQ.Client;

namespace OrderPipeline.Bench.Pipeline.Hosts;

/// <summary>
/// The pipeline under test: the API and the three workers as processes (from the Release build, as <c>script/server</c>
/// runs them) on the benchmark's own database and vhost, sending shopper notices to an in-process <see cref="FakeProviders"/>.
/// </summary>
public sealed class BenchPipeline : IAsyncDisposable
{
    static readonly string[] WorkerProjects = ["Workers.Business", "Workers.Notify", "Workers.DeadLetter"];

    /// <summary>
    /// The workers run at a lower OS priority than the intake, as <c>script/server</c> starts them (<c>OP_WORKER_NICE</c>, default 5;
    /// ADR 7): on a shared machine a busy worker side must not slow the 202s down.
    /// </summary>
    static readonly int WorkerNice = int.TryParse(Environment.GetEnvironmentVariable("OP_WORKER_NICE"), out var nice) ? nice : 5;
    static readonly string[] NotifyQueues = ["notify-email", "notify-sms", "notify-webhook"];
    readonly BenchSettings _settings;
    readonly Dictionary<string, string> _environment;
    readonly List<HostProcess> _workers = [];
    IConnection? _rabbit;
    IChannel? _channel;

    BenchPipeline(BenchSettings settings, FakeProviders receiver, NpgsqlDataSource database)
    {
        _settings = settings;
        Receiver = receiver;
        Database = database;
        _environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Pipeline"] = settings.PostgreSql + ";Maximum Pool Size=32",
            ["RabbitMq__VirtualHost"] = settings.VirtualHost, ["RabbitMq__Username"] = settings.RabbitUser, ["RabbitMq__Password"] = settings.RabbitPassword,
            ["Notify__Gateway__BaseUrl"] = receiver.Address.ToString().TrimEnd('/'),
            // the provider limits are the pipeline's to honour, but here they must not be what is measured
            ["Notify__Gateway__RatePerSecond"] = "1000000", ["Notify__Webhooks__RatePerSecond"] = "1000000",
            ["Notify__QuietHours__Enabled"] = "false",
            ["DeadLetter__Alerts__WebhookUrl"] = receiver.Address + "alerts",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        // Settings under trial are passed through from the benchmark's own environment.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string name && new[] { "Business__", "Notify__", "Intake__", "DOTNET_", "KillSwitch__", "Telemetry__", "RabbitMq__Nodes__" }.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                _environment[name] = (string)e.Value!;
            }
        }
    }

    public FakeProviders Receiver { get; }

    public NpgsqlDataSource Database { get; }

    public HostProcess Api { get; private set; } = null!;

    public bool WorkersRunning => _workers.Count > 0;

    public static async Task<BenchPipeline> StartAsync(BenchSettings settings, bool workers = true)
    {
        var receiver = await FakeProviders.StartAsync(keepRequests: false);
        var pipeline = new BenchPipeline(settings, receiver, NpgsqlDataSource.Create(settings.PostgreSql));
        if (workers)
        {
            await pipeline.StartWorkersAsync();
        }

        pipeline.Api = await HostProcess.StartAsync("Intake.Api", pipeline._environment, new HostStart { Root = settings.Root, GracefulStop = true });
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1", VirtualHost = settings.VirtualHost, UserName = settings.RabbitUser, Password = settings.RabbitPassword,
        };
        // On a cluster (the cluster scenario) the observer, like the hosts, takes whichever node answers.
        var nodes = pipeline._environment.Where(e => e.Key.StartsWith("RabbitMq__Nodes__", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => AmqpTcpEndpoint.Parse(e.Value)).ToList();
        pipeline._rabbit = nodes.Count > 0 ? await factory.CreateConnectionAsync(nodes, "bench-observer") : await factory.CreateConnectionAsync("bench-observer");
        pipeline._channel = await pipeline._rabbit.CreateChannelAsync();
        return pipeline;
    }

    public async Task StartWorkersAsync()
    {
        var started = await Task.WhenAll(WorkerProjects.Select(p => HostProcess.StartAsync(p, _environment, new HostStart { Root = _settings.Root, Nice = WorkerNice, GracefulStop = true })));
        _workers.AddRange(started);
    }

    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _workers.Clear();
    }

    /// <summary>Creates the run's products through the API and returns the stock each starts with, read back from the database.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SeedProductsAsync(OrderBodies bodies, long expectedOrders)
    {
        using var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", "dev-admin-key"); // seller-admin, in Development as script/server runs
        foreach (var product in bodies.Products)
        {
            using var response = await http.PutAsJsonAsync($"/sellers/{OrderBodies.Seller}/products/{product}",
                new { name = $"Bench {product}", unitPrice = 1000m, currency = "KRW", stock = bodies.StockFor(product, expectedOrders) });
            response.EnsureSuccessStatusCode();
        }

        await using var command = Database.CreateCommand("SELECT product_id, stock FROM products WHERE product_id = ANY($1)");
        command.Parameters.AddWithValue(bodies.Products.ToArray());
        var stock = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stock[reader.GetString(0)] = reader.GetInt32(1);
        }

        return stock;
    }

    /// <summary>Messages ready in the orders queue and in the notify queues (what the workers have not taken yet).</summary>
    public async Task<(long Orders, long Notify)> QueueDepthsAsync()
    {
        var orders = (await _channel!.QueueDeclarePassiveAsync("orders")).MessageCount;
        long notify = 0;
        foreach (var queue in NotifyQueues)
        {
            notify += (await _channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }

        return (orders, notify);
    }

    /// <summary>Pids by role, for <see cref="ProcessStats"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> Processes()
    {
        var processes = new Dictionary<string, IReadOnlyList<int>>
        {
            ["api"] = [Api.Pid],
            ["bench (load + gateway)"] = [Environment.ProcessId],
            ["rabbitmq"] = ProcessStats.ByName("beam.smp"),
            ["postgres"] = ProcessStats.ByName("postgres"),
        };
        foreach (var worker in _workers.Where(w => !w.HasExited))
        {
            processes[worker.Name.Replace("Workers.", "", StringComparison.Ordinal).ToLowerInvariant()] = [worker.Pid];
        }

        return processes;
    }

    public string Describe() => string.Join(", ", _environment.Where(e => !e.Key.Contains("Password", StringComparison.Ordinal) && !e.Key.StartsWith("ConnectionStrings", StringComparison.Ordinal))
        .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}={e.Value}")));

    public async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        await Database.DisposeAsync();
    }
}
