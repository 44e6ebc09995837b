using OrderPipeline.Admin.Orders;
using OrderPipeline.Admin.Queues;
using OrderPipeline.Admin.Sellers;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Console;

public static class ConsoleRegistration
{
    /// <summary>
    /// The operations console and what it reads: sign-in by API key (then a cookie), role policies, sign-in limits, the Razor
    /// pages; the broker's management API for the queues, the order lookup, and the intake's seller API for the seller center.
    /// The admin API's <c>X-Api-Key</c> scheme is registered here as well: the console's sign-in resolves keys the same way.
    /// </summary>
    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient<RabbitManagement>();
        builder.Services.AddSingleton<QueueBoard>();
        builder.Services.AddScoped<OrderLookup>();
        builder.Services.AddHttpClient<IntakeClient>();
        builder.Services.AddApiKeyAuthentication().AddConsoleCookie(builder.Environment);
        builder.Services.AddConsolePolicies();
        builder.Services.AddSignInLimits();
        builder.Services.AddRazorPages(o => o.Conventions.AuthorizeConsolePages());
        return builder;
    }
}
