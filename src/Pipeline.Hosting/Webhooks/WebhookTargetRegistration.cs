using Microsoft.Extensions.DependencyInjection;

namespace OrderPipeline.Hosting.Webhooks;

public static class WebhookTargetRegistration
{
    public static IServiceCollection AddWebhookTargets(this IServiceCollection services)
    {
        services.AddOptions<WebhookTargetOptions>().BindConfiguration(WebhookTargetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookTargets>();
        return services;
    }
}
