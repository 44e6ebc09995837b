using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Intake.Orders;

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
