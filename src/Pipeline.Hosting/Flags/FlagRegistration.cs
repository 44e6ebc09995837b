using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.FeatureManagement;

namespace OrderPipeline.Hosting.Flags;

public static class FlagRegistration
{
    /// <summary>Microsoft.FeatureManagement reading our PostgreSQL-backed, in-memory flags (every host gets it with the bus).</summary>
    public static IHostApplicationBuilder AddPipelineFlags(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FlagCache>();
        builder.Services.AddSingleton<Telemetry.PipelineMetrics>();
        builder.Services.AddSingleton<EndpointPauses>();
        builder.Services.AddSingleton<FlagInstanceReporter>();
        builder.Services.AddSingleton<Retries.KillSwitches>();
        builder.Services.AddSingleton<FlagRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FlagRefresher>());
        builder.Services.AddSingleton<IFeatureDefinitionProvider, PipelineFeatureDefinitionProvider>();
        // Contextual targeting: the caller passes the customer (a TargetingContext) when it asks, so the rollout is stable per customer.
        builder.Services.AddFeatureManagement().AddFeatureFilter<Microsoft.FeatureManagement.FeatureFilters.ContextualTargetingFilter>();
        builder.Services.AddHealthChecks().AddCheck<FlagHealthCheck>("flags", tags: ["ready"]);
        return builder;
    }
}
