using MassTransit;

namespace OrderPipeline.Hosting.Retries;

public static class RedeliveryConfiguration
{
    /// <summary>Call before <c>UseMessageRetry</c>, so this filter wraps the in-process retries.</summary>
    public static void UseBrokerRedelivery(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.UseConsumeFilter(typeof(RedeliveryFilter<>), context);
}
