using MassTransit;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Notify;
using OrderPipeline.Notify.Delays;
using OrderPipeline.Notify.Notifications;
using OrderPipeline.Notify.Providers;

// The notify worker: tells shoppers (e-mail, SMS) and sellers (signed webhooks), each channel on its own rate-limited queue.
var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.Services.AddOptions<NotifyOptions>().BindConfiguration(NotifyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<NotificationLedger>();
builder.Services.AddSingleton<ShopperNoticeSender>();
builder.Services.AddSingleton<NoticeMetrics>();
builder.Services.AddSingleton<ErrorQueue>();
builder.Services.AddProviders();
builder.Services.AddSingleton<QuietHours>();
builder.Services.AddSingleton<SellerFeed>();
builder.Services.AddSingleton<DeferredNotices>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<DeferredNotices>());
builder.AddPipelineDatabase();
builder.AddPipelineBus(bus =>
{
    bus.AddConsumer<ShopperEmailsConsumer, ShopperEmailsConsumerDefinition>();
    bus.AddConsumer<ShopperTextsConsumer, ShopperTextsConsumerDefinition>();
    bus.AddConsumer<SellerNewOrdersConsumer, SellerNewOrdersConsumerDefinition>();
    bus.AddConsumer<DelayNoticeConsumer, DelayNoticeConsumerDefinition>();
}, pauseFlags: PipelineQueues.PauseFlagsOf(PipelineQueues.NotifyHost), workQueues: PipelineQueues.Of(PipelineQueues.NotifyHost));

var app = builder.Build();
app.MapPipelineHealth();
app.Run();
