using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Admin.Console;

/// <summary>Sign-in attempts per client address per minute (<see cref="ConsoleOptions.SignInAttemptsPerMinute"/>); past it, 429 with Retry-After.</summary>
public static class SignInLimits
{
    public const string Policy = "console-signin";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return ValueTask.CompletedTask;
        };
        limiter.AddPolicy(Policy, http =>
        {
            var perMinute = http.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.SignInAttemptsPerMinute;
            // Only the attempts (POST) count; showing the form is free.
            return perMinute == 0 || !HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        });
    });
}
