using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;

namespace OrderPipeline.Hosting.Flags;

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
