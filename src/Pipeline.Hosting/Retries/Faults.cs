using MassTransit;

namespace OrderPipeline.Hosting.Retries;

/// <summary>An exception that says whether retrying the same message could ever succeed.</summary>
public interface IClassifiedFault
{
    bool Permanent { get; }
}

public static class Faults
{
    /// <summary>
    /// Everything is worth retrying except what says it is permanent (a malformed message, a provider's 4xx):
    /// that goes straight to the error queue. A body MassTransit cannot deserialise never reaches a consumer; it
    /// is moved to the error queue by MassTransit itself, without retries.
    /// </summary>
    public static bool IsPermanent(Exception e) => e switch
    {
        IClassifiedFault classified => classified.Permanent,
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.All(IsPermanent),
        _ => false,
    };

    /// <summary>In-process retries skip permanent faults, which then skip the delayed redelivery too.</summary>
    public static void RetryTransientOnly(this IRetryConfigurator retry) => retry.Handle<Exception>(e => !IsPermanent(e));
}
