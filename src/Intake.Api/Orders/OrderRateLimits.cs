using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Orders;

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
