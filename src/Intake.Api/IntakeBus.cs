using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Sellers;

namespace OrderPipeline.Intake;

public static class IntakeBus
{
    /// <summary>
    /// What the intake publishes (orders to their lane, sale orders to theirs, declared delays), each bound to its work queue so a
    /// publish is confirmed only once a queue holds it; and the two fan-out subscriptions every instance has of its own
    /// (catalogue changes, seller feed appends).
    /// </summary>
    public static IHostApplicationBuilder AddIntakeBus(this IHostApplicationBuilder builder) => builder.AddPipelineBus(
        bus =>
        {
            bus.AddConsumer<ProductChangedConsumer>().ExcludeFromConfigureEndpoints();
            bus.AddConsumer<SellerFeedsAppendedConsumer>().ExcludeFromConfigureEndpoints();
        },
        (context, cfg) =>
        {
            cfg.BindWorkQueue<SubmitOrder>(context);
            cfg.BindWorkQueue<SaleOrder>(context);
            cfg.BindWorkQueue<DelayDeclared>(context);
            cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("intake-catalogue"), e => e.ConfigureConsumer<ProductChangedConsumer>(context));
            // Every instance hears every seller feed append, so a seller's stream is woken whichever instance serves it.
            cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("seller-events"), e => e.ConfigureConsumer<SellerFeedsAppendedConsumer>(context));
        });
}
