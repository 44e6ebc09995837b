using OrderPipeline.Hosting.Webhooks;

namespace OrderPipeline.Intake.Sellers;

public static class SellerRegistration
{
    /// <summary>Sellers' live feeds (streams woken by events and a poll, old events trimmed) and their webhooks' test send.</summary>
    public static IHostApplicationBuilder AddSellers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SellerStreamHub>();
        builder.Services.AddHostedService<SellerStreamPoller>();
        builder.Services.AddHostedService<SellerFeedRetention>();
        builder.Services.AddWebhookTargets();
        // The seller's test send goes where only a webhook may: public addresses (checked at connect time), 5 s at most.
        builder.Services.AddHttpClient(TestWebhookEndpoint.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync, AllowAutoRedirect = false,
            });
        return builder;
    }
}
