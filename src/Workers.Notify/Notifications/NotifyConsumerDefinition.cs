using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Each channel has a queue of its own, apart from <c>orders</c> and from each other, so a slow provider backs up its own
/// notifications, never order decisions or another channel. A provider's 4xx is final; anything else is retried in
/// process, then after growing delays in broker-side retry queues. The queue's flags (<see cref="PipelineQueues"/>) switch its
/// endpoint off and on (the messages wait in the queue meanwhile).
/// </summary>
public abstract class NotifyConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly NotifyOptions _options;

    protected NotifyConsumerDefinition(IOptions<NotifyOptions> options, string queue)
    {
        _options = options.Value;
        EndpointName = queue;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.PrefetchCount;
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}
