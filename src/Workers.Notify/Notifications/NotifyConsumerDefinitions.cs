using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Every notification consumer shares queue <c>notify</c>, apart from <c>orders</c>, so a slow provider backs
/// up notifications, never order decisions. A provider's 4xx is final; anything else is retried in process, then
/// after growing delays in broker-side retry queues.
/// </summary>
public abstract class NotifyConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const string QueueName = "notify";

    readonly NotifyOptions _options;

    protected NotifyConsumerDefinition(IOptions<NotifyOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueName;
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

public sealed class OrderConfirmedConsumerDefinition(IOptions<NotifyOptions> options) : NotifyConsumerDefinition<OrderConfirmedConsumer>(options);

public sealed class OrderRejectedConsumerDefinition(IOptions<NotifyOptions> options) : NotifyConsumerDefinition<OrderRejectedConsumer>(options);
