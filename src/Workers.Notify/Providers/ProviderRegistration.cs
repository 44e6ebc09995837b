using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;

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

        services.AddHttpClient<SellerWebhookChannel>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("seller-webhooks", (pipeline, context) =>
            {
                var webhooks = context.ServiceProvider.GetRequiredService<IOptions<NotifyOptions>>().Value.Webhooks;
                // One bucket per seller host: one seller's flood never uses up another seller's rate.
                var limiter = PartitionedRateLimiter.Create<HttpRequestMessage, string>(request =>
                    RateLimitPartition.GetTokenBucketLimiter(request.RequestUri?.Authority ?? "", _ => BucketOptions(webhooks.RatePerSecond)));
                pipeline.AddRateLimiter(new RateLimiterStrategyOptions
                {
                    RateLimiter = args => limiter.AcquireAsync(args.Context.GetRequestMessage()!, 1, args.Context.CancellationToken),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(webhooks.TimeoutSeconds));
            });
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
