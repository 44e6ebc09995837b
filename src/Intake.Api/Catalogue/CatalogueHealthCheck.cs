using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderPipeline.Intake.Catalogue;

/// <summary>Ready once the catalogue is loaded: before that every order would be refused as an unknown product.</summary>
public sealed class CatalogueHealthCheck(CatalogueCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.IsLoaded
            ? HealthCheckResult.Healthy($"{cache.Count} products cached")
            : HealthCheckResult.Unhealthy("catalogue not loaded yet"));
}
