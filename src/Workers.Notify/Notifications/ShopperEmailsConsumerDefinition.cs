using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Notify.Notifications;

public sealed class ShopperEmailsConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<ShopperEmailsConsumer>(options, PipelineQueues.NotifyEmail);
