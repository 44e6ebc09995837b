namespace OrderPipeline.Intake.Sales;

public static class SaleRegistration
{
    /// <summary>Flash sales: which products are in a sale now, places in each sale's line.</summary>
    public static IHostApplicationBuilder AddSales(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SaleOptions>().BindConfiguration(SaleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SaleBoard>();
        builder.Services.AddHostedService<SaleBoardRefresher>();
        builder.Services.AddSingleton<LaneTickets>();
        return builder;
    }
}
