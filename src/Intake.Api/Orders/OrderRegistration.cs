namespace OrderPipeline.Intake.Orders;

public static class OrderRegistration
{
    /// <summary>Order intake: its options, the confirmed publisher, signed receipts, the idempotency cache and the per-address rate limit.</summary>
    public static IHostApplicationBuilder AddOrderIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OrderReceipts>();
        builder.Services.AddSingleton<IdempotencyCache>();
        builder.Services.AddSingleton<IntakeMetrics>();
        builder.Services.AddSingleton<ConfirmedPublisher>();
        builder.Services.AddOrderRateLimits();
        return builder;
    }
}
