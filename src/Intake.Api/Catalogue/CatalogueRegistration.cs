namespace OrderPipeline.Intake.Catalogue;

public static class CatalogueRegistration
{
    /// <summary>The in-memory catalogue orders are validated against, kept fresh, and ready only once loaded.</summary>
    public static IHostApplicationBuilder AddCatalogue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CatalogueCache>();
        builder.Services.AddHostedService<CatalogueRefresher>();
        builder.Services.AddHealthChecks().AddCheck<CatalogueHealthCheck>("catalogue", tags: ["ready"]);
        return builder;
    }
}
