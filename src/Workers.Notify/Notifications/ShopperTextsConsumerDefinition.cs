using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

public sealed class ShopperTextsConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<ShopperTextsConsumer>(options, PipelineQueues.NotifySms);
