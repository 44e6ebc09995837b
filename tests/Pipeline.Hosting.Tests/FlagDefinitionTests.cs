using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Npgsql;
using OrderPipeline.Hosting.Flags;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

/// <summary>How a flag's stored state becomes Microsoft.FeatureManagement's answer (no database: the cache is filled directly).</summary>
public sealed class FlagDefinitionTests
{
    static (FlagCache Cache, IVariantFeatureManager Features) Create(Dictionary<string, string?>? configuration = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build();
        var cache = new FlagCache(NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused"), config, TimeProvider.System, NullLogger<FlagCache>.Instance);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddSingleton(cache);
        services.AddSingleton<IFeatureDefinitionProvider, PipelineFeatureDefinitionProvider>();
        services.AddFeatureManagement().AddFeatureFilter<ContextualTargetingFilter>();
        return (cache, services.BuildServiceProvider().GetRequiredService<IVariantFeatureManager>());
    }

    [Fact]
    public async Task Before_the_first_read_the_configured_default_or_the_flags_own_default_applies()
    {
        var (_, features) = Create(new() { ["Flags:Notify.Send"] = "false" });
        Assert.False(await features.IsEnabledAsync(KnownFlags.NotifySend));
        Assert.True(await features.IsEnabledAsync(KnownFlags.AcceptOrders));
        Assert.False(await features.IsEnabledAsync(KnownFlags.PricingV2));
        Assert.False(await features.IsEnabledAsync("Not.A.Flag"));
    }

    [Fact]
    public async Task A_loaded_state_replaces_the_defaults_and_raises_the_version()
    {
        var (cache, features) = Create();
        Assert.True(cache.Apply([new FlagState(KnownFlags.AcceptOrders, false, null, 7)]));
        Assert.False(await features.IsEnabledAsync(KnownFlags.AcceptOrders));
        Assert.Equal(7, cache.Version);
        Assert.False(cache.Apply([new FlagState(KnownFlags.AcceptOrders, false, null, 7)]));
        Assert.Equal(0, cache.DatabaseReads);
    }

    [Fact]
    public async Task A_definition_is_reused_while_the_flag_stands_and_rebuilt_when_it_changes()
    {
        var (cache, features) = Create();
        var provider = new PipelineFeatureDefinitionProvider(cache);
        var first = await provider.GetFeatureDefinitionAsync(KnownFlags.AcceptOrders);
        Assert.Same(first, await provider.GetFeatureDefinitionAsync(KnownFlags.AcceptOrders));

        Assert.True(await features.IsEnabledAsync(KnownFlags.AcceptOrders));
        cache.Apply([new FlagState(KnownFlags.AcceptOrders, false, null, 8)]);
        Assert.False(await features.IsEnabledAsync(KnownFlags.AcceptOrders));
        Assert.NotSame(first, await provider.GetFeatureDefinitionAsync(KnownFlags.AcceptOrders));
        cache.Apply([new FlagState(KnownFlags.AcceptOrders, true, null, 9)]);
        Assert.True(await features.IsEnabledAsync(KnownFlags.AcceptOrders));
    }

    [Fact]
    public async Task A_percentage_rollout_is_stable_per_customer_and_close_to_the_percentage()
    {
        var (cache, features) = Create();
        cache.Apply([new FlagState(KnownFlags.PricingV2, true, 20, 3)]);
        var customers = Enumerable.Range(0, 2000).Select(i => $"customer-{i}").ToList();
        var first = new List<bool>();
        foreach (var customer in customers)
        {
            first.Add(await features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = customer }));
        }

        var share = first.Count(on => on) / (double)customers.Count;
        Assert.InRange(share, 0.15, 0.25);
        for (var i = 0; i < customers.Count; i += 97)
        {
            Assert.Equal(first[i], await features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = customers[i] }));
        }

        cache.Apply([new FlagState(KnownFlags.PricingV2, false, 20, 4)]);
        Assert.False(await features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = customers[first.IndexOf(true)] }));
    }
}
