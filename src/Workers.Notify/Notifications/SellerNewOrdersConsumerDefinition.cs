using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

public sealed class SellerNewOrdersConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<SellerNewOrdersConsumer>(options, PipelineQueues.NotifyWebhook);
