using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderPipeline.Hosting.Flags;

/// <summary>Degraded while the flags cannot be read (the last known state is in use).</summary>
public sealed class FlagHealthCheck(FlagCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.LastError is null
            ? HealthCheckResult.Healthy($"flags version {cache.Version}, loaded {cache.LoadedAt:O}")
            : HealthCheckResult.Degraded($"cannot read flags ({cache.LastError}); using version {cache.Version} from {cache.LoadedAt:O}"));
}
