using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Delays;

/// <summary>Queue <c>delays</c>: one delay at a time per worker; retried like orders.</summary>
public sealed class DelayDeclaredConsumerDefinition : ConsumerDefinition<DelayDeclaredConsumer>
{
    readonly BusinessOptions _options;

    public DelayDeclaredConsumerDefinition(IOptions<BusinessOptions> options)
    {
        _options = options.Value;
        EndpointName = PipelineQueues.Delays;
        ConcurrentMessageLimit = 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DelayDeclaredConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 4;
        // On the consumer, inside the broker-side redelivery filter the endpoint has: retried here first, parked after.
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}
