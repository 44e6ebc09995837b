using System.Collections.Concurrent;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.FeatureManagement;
using OrderPipeline.Contracts;

namespace OrderPipeline.Hosting.Flags;

/// <summary>
/// Reloads the flags before the bus starts (so endpoints start with the real flags; at most <c>Flags:StartupLoadSeconds</c>,
/// default 5, then the defaults), on every <see cref="FlagChanged"/> event, and every <c>Flags:RefreshSeconds</c> (default 10)
/// as a safety net. It reports this instance's applied version after each load and every <c>Flags:HeartbeatSeconds</c> (default 5).
/// </summary>
public sealed class FlagRefresher(FlagCache cache, FlagInstanceReporter reporter, IConfiguration configuration) : BackgroundService
{
    readonly Channel<long> _signals = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Signal(long version) => _signals.Writer.TryWrite(version);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(configuration.GetValue("Flags:StartupLoadSeconds", 5)));
        try
        {
            await cache.LoadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is slow to answer: start on the defaults, the loop below keeps trying.
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await reporter.RemoveAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refresh = TimeSpan.FromSeconds(configuration.GetValue("Flags:RefreshSeconds", 10));
        var heartbeat = TimeSpan.FromSeconds(configuration.GetValue("Flags:HeartbeatSeconds", 5));
        var nextLoad = cache.LoadedAt is null ? TimeSpan.Zero : refresh;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loadDue = clock.Elapsed + nextLoad;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (clock.Elapsed >= loadDue)
            {
                await cache.LoadAsync(stoppingToken);
                loadDue = clock.Elapsed + (cache.LastError is null ? refresh : TimeSpan.FromSeconds(1));
            }

            await reporter.ReportAsync(stoppingToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var untilLoad = loadDue - clock.Elapsed;
            wait.CancelAfter(untilLoad < heartbeat ? untilLoad < TimeSpan.Zero ? TimeSpan.Zero : untilLoad : heartbeat);
            try
            {
                await _signals.Reader.ReadAsync(wait.Token);
                loadDue = clock.Elapsed; // a flip: load now
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // a heartbeat, or the periodic refresh
            }
        }
    }
}

/// <summary>Every process receives every flip on a temporary queue of its own and reloads at once.</summary>
public sealed class FlagChangedConsumer(FlagRefresher refresher) : IConsumer<FlagChanged>
{
    public Task Consume(ConsumeContext<FlagChanged> context)
    {
        refresher.Signal(context.Message.Version);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Feature definitions for Microsoft.FeatureManagement from the in-memory <see cref="FlagCache"/>. A definition is built once
/// per flag state and reused until the flag changes: the intake asks for one on every request, and a new definition each
/// time also defeated the feature manager's own caches.
/// </summary>
public sealed class PipelineFeatureDefinitionProvider(FlagCache cache) : IFeatureDefinitionProvider
{
    readonly ConcurrentDictionary<string, (FlagState? State, Task<FeatureDefinition> Definition)> _definitions = new(StringComparer.Ordinal);

    public Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName)
    {
        var state = cache.Get(featureName);
        if (_definitions.TryGetValue(featureName, out var known) && Equals(known.State, state))
        {
            return known.Definition;
        }

        var definition = Task.FromResult(Definition(state, featureName));
        _definitions[featureName] = (state, definition);
        return definition;
    }

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        foreach (var flag in cache.All)
        {
            yield return await GetFeatureDefinitionAsync(flag.Name);
        }
    }

    static FeatureDefinition Definition(FlagState? flag, string name) => new()
    {
        Name = name,
        EnabledFor = flag switch
        {
            null or { Enabled: false } => [],
            { RolloutPercentage: null or >= 100 } => [new FeatureFilterConfiguration { Name = "AlwaysOn" }],
            { RolloutPercentage: var percentage } => [new FeatureFilterConfiguration
            {
                // Targeting by customer id: the same customer always falls on the same side.
                Name = "Microsoft.Targeting",
                Parameters = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Audience:DefaultRolloutPercentage"] = percentage.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }).Build(),
            }],
        },
    };
}

/// <summary>Degraded while the flags cannot be read (the last known state is in use).</summary>
public sealed class FlagHealthCheck(FlagCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.LastError is null
            ? HealthCheckResult.Healthy($"flags version {cache.Version}, loaded {cache.LoadedAt:O}")
            : HealthCheckResult.Degraded($"cannot read flags ({cache.LastError}); using version {cache.Version} from {cache.LoadedAt:O}"));
}
