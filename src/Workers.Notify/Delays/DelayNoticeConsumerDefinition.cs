using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Delays;

/// <summary>
/// Queue <c>notify-delays</c>, apart from the per-order notice queues so a 50,000-order delay does not hold back order
/// confirmations. Paused with <c>Notify.Send</c> and with either shopper channel's flag (a chunk mixes texts and e-mails).
/// </summary>
public sealed class DelayNoticeConsumerDefinition : ConsumerDefinition<DelayNoticeConsumer>
{
    readonly NotifyOptions _options;

    public DelayNoticeConsumerDefinition(IOptions<NotifyOptions> options)
    {
        _options = options.Value;
        EndpointName = PipelineQueues.NotifyDelays;
        ConcurrentMessageLimit = _options.DelayChunkConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DelayNoticeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.DelayChunkConcurrency * 2;
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}
