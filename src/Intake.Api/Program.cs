using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Hosting.Webhooks;
using OrderPipeline.Intake;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Intake.Orders;
using OrderPipeline.Intake.Sellers;
using OrderPipeline.Intake.Sales;

var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonBody.MaxBytes);

builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CatalogueCache>();
builder.Services.AddHostedService<CatalogueRefresher>();
builder.Services.AddSingleton<OrderReceipts>();
builder.Services.AddSingleton<IdempotencyCache>();
builder.Services.AddOrderRateLimits();
builder.Services.AddHealthChecks().AddCheck<CatalogueHealthCheck>("catalogue", tags: ["ready"]);

builder.AddPipelineDatabase();
builder.Services.AddSingleton<SellerStreamHub>();
builder.Services.AddHostedService<SellerStreamPoller>();
builder.Services.AddHostedService<SellerFeedRetention>();
builder.Services.AddSingleton<SaleBoard>();
builder.Services.AddHostedService<SaleBoardRefresher>();
builder.Services.AddSingleton<LaneTickets>();
builder.Services.AddSingleton<LaneRates>();
builder.Services.AddOptions<SaleOptions>().BindConfiguration(SaleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.AddPipelineBus(
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

builder.Services.AddApiKeyAuthentication();
builder.Services.AddWebhookTargets();
// The seller's test send goes where only a webhook may: public addresses (checked at connect time), 5 s at most.
builder.Services.AddHttpClient(TestWebhookEndpoint.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5))
    .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler { ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync, AllowAutoRedirect = false });
builder.Services.AddProblemDetails();
builder.Services.AddPipelineOpenApi("OrderPipeline intake", "Shoppers submit orders; sellers manage products, webhooks, delays, sales and their live feed.",
    new Dictionary<string, string>
    {
        ["Orders"] = "Submit an order (202 once it is durably queued) and read its status.",
        ["Sellers"] = "A seller's products, webhook, delays, sales and event stream, with the seller's own key or a seller-admin key.",
    });

var app = builder.Build();
app.UsePipelineExceptionHandler();
app.UseStatusCodePages();
app.UsePrintableInput();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOrders();
app.MapSellers();
app.MapPipelineHealth();
app.MapPipelineOpenApi(app.Environment);
app.Run();
