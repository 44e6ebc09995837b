using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Notify.Notifications;

public sealed class SellerNewOrdersConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<SellerNewOrdersConsumer>(options, PipelineQueues.NotifyWebhook);
