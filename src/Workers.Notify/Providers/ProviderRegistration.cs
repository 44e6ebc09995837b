using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Webhooks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OrderPipeline.Notify.Providers;

public static class ProviderRegistration
{
    /// <summary>
    /// HttpClients for the providers, each behind a resilience handler that keeps to the provider's rate
    /// (token bucket: excess requests queue, they are not dropped) and bounds each call's time. Retries are
    /// MassTransit's job, not the HttpClient's, so a failure is recorded and retried in one place.
    /// </summary>
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddHttpClient<IShopperChannel, HttpGatewayChannel>((sp, http) =>
            {
                var gateway = sp.GetRequiredService<IOptions<NotifyOptions>>().Value.Gateway;
                http.BaseAddress = new Uri(gateway.BaseUrl.TrimEnd('/') + "/");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("shopper-gateway", (pipeline, context) =>
            {
                var gateway = context.ServiceProvider.GetRequiredService<IOptions<NotifyOptions>>().Value.Gateway;
                pipeline.AddRateLimiter(TokenBucket(gateway.RatePerSecond));
                pipeline.AddTimeout(TimeSpan.FromSeconds(gateway.TimeoutSeconds));
            });

        services.AddSingleton<BulkRateLimiter>();
        services.AddHttpClient<BulkGateway>((sp, http) =>
            {
                var gateway = sp.GetRequiredService<IOptions<NotifyOptions>>().Value.Gateway;
                http.BaseAddress = new Uri(gateway.BaseUrl.TrimEnd('/') + "/");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("shopper-gateway-bulk", (pipeline, context) =>
                pipeline.AddTimeout(TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<NotifyOptions>>().Value.Gateway.TimeoutSeconds)));

        services.AddWebhookTargets();
        services.AddHttpClient<SellerWebhookChannel>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // Never follow a redirect, and connect only to an address the webhook policy allows (checked again at every connect).
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .AddResilienceHandler("seller-webhooks", (pipeline, context) =>
            {
                var webhooks = context.ServiceProvider.GetRequiredService<IOptions<NotifyOptions>>().Value.Webhooks;
                // Outermost first: a host holds at most its permits plus as many waiting (so at most twice MaxConcurrentPerHost
                // consumer slots); beyond that a message is deferred, holding none. Then the host's rate, its circuit breaker
                // (timeouts and 5xx count), and each call's timeout.
                pipeline.AddConcurrencyLimiter(webhooks.MaxConcurrentPerHost, queueLimit: webhooks.MaxConcurrentPerHost);
                pipeline.AddRateLimiter(TokenBucket(webhooks.RatePerSecond));
                pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
                {
                    FailureRatio = webhooks.BreakerFailureRatio,
                    MinimumThroughput = webhooks.BreakerMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(webhooks.BreakerSamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(webhooks.BreakerBreakSeconds),
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => true,
                        { Result.StatusCode: var status } => (int)status >= 500 || status == System.Net.HttpStatusCode.RequestTimeout,
                        _ => false,
                    }),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(webhooks.TimeoutSeconds));
            })
            // One pipeline (limits, breaker) per seller host: one seller's endpoint never uses up another's.
            .SelectPipelineByAuthority();
        // A busy seller host refusing a request is expected (the message waits its turn): not an error in the log.
        services.Configure<Polly.Telemetry.TelemetryOptions>(o => o.SeverityProvider = args =>
            args.Event.EventName == "OnRateLimiterRejected" ? Polly.Telemetry.ResilienceEventSeverity.Debug : args.Event.Severity);
        return services;
    }

    static TokenBucketRateLimiter TokenBucket(int perSecond) => new(BucketOptions(perSecond));

    static TokenBucketRateLimiterOptions BucketOptions(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };
}
