using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Queue <c>orders</c>. One batch at a time (strict delivery order for stock), up to
/// <see cref="BusinessOptions.BatchSize"/> orders per transaction. A failed batch is retried message by message
/// (MassTransit delivers a retried message as a batch of one), so one bad order cannot fail its neighbours; what
/// still fails waits in a broker-side retry queue (<c>Redelivery</c> settings) before it is tried again.
/// </summary>
public sealed class SubmitOrderConsumerDefinition : ConsumerDefinition<SubmitOrderConsumer>
{
    readonly BusinessOptions _options;

    public SubmitOrderConsumerDefinition(IOptions<BusinessOptions> options)
    {
        _options = options.Value;
        EndpointName = "orders";
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SubmitOrderConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(_options.BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(_options.BatchTimeLimitMs))
            .SetConcurrencyLimit(1));
        endpointConfigurator.PrefetchCount = Math.Max(_options.PrefetchCount, _options.BatchSize);
    }
}
