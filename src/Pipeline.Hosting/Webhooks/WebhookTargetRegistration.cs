using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
