using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace OrderPipeline.Hosting;

/// <summary>
/// Kestrel's limits, set on purpose rather than left at defaults made for any server: a client that sends its headers slowly is
/// cut off after <see cref="KestrelServerLimits.RequestHeadersTimeout"/> (5 s, not 30), headers are bounded in count and size,
/// idle keep-alive connections close after 30 s, and connections per instance are bounded. Each can be changed under
/// <c>Kestrel:Limits</c> (environment: <c>Kestrel__Limits__MaxConcurrentConnections</c>, ...).
/// </summary>
public static class HttpLimits
{
    public static void Apply(KestrelServerLimits limits, IConfiguration configuration)
    {
        limits.MaxConcurrentConnections = 10_000;
        limits.MaxConcurrentUpgradedConnections = 1_000;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        // A body must keep coming at 240 bytes/s after a 5 s grace (Kestrel's default rate, a shorter grace).
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        configuration.GetSection("Kestrel:Limits").Bind(limits);
    }
}
