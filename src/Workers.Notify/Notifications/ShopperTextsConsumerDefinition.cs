using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Notify.Notifications;

public sealed class ShopperTextsConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<ShopperTextsConsumer>(options, PipelineQueues.NotifySms);
