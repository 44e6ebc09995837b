using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// Section <c>Intake:RateLimits</c>: token buckets on <c>POST /orders</c> per client address and per customer. On in the production
/// settings (<c>appsettings.json</c>), off in Development (what <c>script/server</c> and the benchmarks run). Past a bucket the
/// answer is 429 problem+json with <c>Retry-After</c>, before anything is published.
/// </summary>
public sealed class OrderRateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Orders per second one client address may post (many shoppers can share one address behind a carrier's NAT). Below 1 it is
    /// one order every 1/rate seconds (0.5: one every 2 s).
    /// </summary>
    [Range(0.001, 1_000_000)] public double PerAddressPerSecond { get; set; } = 100;

    [Range(1, 1_000_000)] public int PerAddressBurst { get; set; } = 200;

    /// <summary>Orders per second one customer may post, whatever their address (below 1: one every 1/rate seconds).</summary>
    [Range(0.001, 1_000_000)] public double PerCustomerPerSecond { get; set; } = 5;

    [Range(1, 1_000_000)] public int PerCustomerBurst { get; set; } = 20;
}

public sealed class OrderRateLimits : IDisposable
{
    public const string AddressPolicy = "orders-per-address";

    readonly PartitionedRateLimiter<string> _customers;
    readonly bool _enabled;

    public OrderRateLimits(IOptions<IntakeOptions> options)
    {
        var limits = options.Value.RateLimits;
        _enabled = limits.Enabled;
        _customers = PartitionedRateLimiter.Create<string, string>(customer =>
            RateLimitPartition.GetTokenBucketLimiter(customer, _ => Bucket(limits.PerCustomerPerSecond, limits.PerCustomerBurst)));
    }

    /// <summary>Null when the customer may post now, else the 429 to answer.</summary>
    public IResult? ForCustomer(HttpContext http, string customerId)
    {
        if (!_enabled)
        {
            return null;
        }

        using var lease = _customers.AttemptAcquire(customerId);
        return lease.IsAcquired ? null : TooMany(http, lease, $"Customer '{customerId}' is posting orders faster than allowed.");
    }

    public void Dispose() => _customers.Dispose();

    internal static IResult TooMany(HttpContext http, RateLimitLease lease, string detail)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many orders", detail + " Nothing was accepted; retry after the time in Retry-After.");
    }

    /// <summary>A bucket of <paramref name="burst"/> refilled every second, or for a rate below one per second one token at a time.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(double perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond >= 1 ? (int)Math.Round(perSecond) : 1,
        ReplenishmentPeriod = perSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / perSecond),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

public static class OrderRateLimitRegistration
{
    /// <summary>The per-address bucket, as ASP.NET Core's rate-limiting middleware on <c>POST /orders</c>.</summary>
    public static IServiceCollection AddOrderRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<OrderRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(OrderRateLimits.AddressPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<IntakeOptions>>().Value.RateLimits;
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return limits.Enabled
                    ? RateLimitPartition.GetTokenBucketLimiter(address, _ => OrderRateLimits.Bucket(limits.PerAddressPerSecond, limits.PerAddressBurst))
                    : RateLimitPartition.GetNoLimiter(address);
            });
            o.OnRejected = (context, _) => new ValueTask(OrderRateLimits.TooMany(context.HttpContext, context.Lease,
                "This address is posting orders faster than allowed.").ExecuteAsync(context.HttpContext));
        });
        return services;
    }
}
