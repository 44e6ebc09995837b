using MassTransit;
using OrderPipeline.Business;
using OrderPipeline.Business.Delays;
using OrderPipeline.Business.Orders;
using OrderPipeline.Business.Sales;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;

// The business worker: decides orders in batches (stock, price, the order row, at most once in effect), paces sale lanes, marks delays.
var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.Services.AddOptions<BusinessOptions>().BindConfiguration(BusinessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<OrderBook>();
builder.Services.AddSingleton<GroupCommit>();
builder.Services.AddSingleton<SalePace>();
builder.Services.AddSingleton<SaleLane>();
builder.Services.AddSingleton<SellerFeed>();
builder.Services.AddSingleton<DelayMetrics>();
builder.AddPipelineDatabase();
builder.AddPipelineBus(bus =>
{
    bus.AddConsumer<SubmitOrderConsumer, SubmitOrderConsumerDefinition>();
    bus.AddConsumer<SaleOrderConsumer, SaleOrderConsumerDefinition>();
    bus.AddConsumer<DelayDeclaredConsumer, DelayDeclaredConsumerDefinition>();
}, (context, cfg) =>
{
    // What this worker publishes is queued for the notify worker even before that worker first started.
    cfg.BindWorkQueue<ShopperEmails>(context);
    cfg.BindWorkQueue<ShopperTexts>(context);
    cfg.BindWorkQueue<SellerNewOrders>(context);
    cfg.BindWorkQueue<DelayNoticeChunk>(context);
}, workQueues: PipelineQueues.Of(PipelineQueues.BusinessHost));

var app = builder.Build();
app.MapPipelineHealth();
app.Run();
