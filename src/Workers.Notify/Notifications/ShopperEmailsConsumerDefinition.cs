using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

public sealed class ShopperEmailsConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<ShopperEmailsConsumer>(options, PipelineQueues.NotifyEmail);
