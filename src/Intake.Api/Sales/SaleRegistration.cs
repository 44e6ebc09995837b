namespace OrderPipeline.Intake.Sales;

public static class SaleRegistration
{
    /// <summary>Flash sales: which products are in a sale now, places in each sale's line, and the lanes' accept rates.</summary>
    public static IHostApplicationBuilder AddSales(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SaleOptions>().BindConfiguration(SaleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SaleBoard>();
        builder.Services.AddHostedService<SaleBoardRefresher>();
        builder.Services.AddSingleton<LaneTickets>();
        builder.Services.AddSingleton<LaneRates>();
        return builder;
    }
}
