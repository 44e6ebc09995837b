using MassTransit;

namespace OrderPipeline.Hosting.Retries;

public static class Faults
{
    /// <summary>
    /// Everything is worth retrying except what says it is permanent (a malformed message, a provider's 4xx) and PostgreSQL's
    /// data and constraint errors (SQLSTATE classes 22 and 23: the same row fails the same way every time): those go straight
    /// to the error queue. A body MassTransit cannot deserialise never reaches a consumer; it is moved to the error queue by
    /// MassTransit itself, without retries.
    /// </summary>
    public static bool IsPermanent(Exception e) => e switch
    {
        IClassifiedFault classified => classified.Permanent,
        Npgsql.PostgresException { SqlState: var state } => IsDataError(state),
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.All(IsPermanent),
        _ => false,
    };

    /// <summary>SQLSTATE class 22 (data exception) or 23 (integrity constraint violation).</summary>
    public static bool IsDataError(string? sqlState) => sqlState is { Length: 5 } && (sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("23", StringComparison.Ordinal));

    public static bool IsIsolated(Exception e) => e is IClassifiedFault { Isolated: true };

    public static bool IsDeferred(Exception e) => e is IClassifiedFault { Deferred: true };

    /// <summary>Whether the fault says something about the queue's dependency (what the kill switch and in-process retries are for).</summary>
    public static bool IsTransientForQueue(Exception e) => !IsPermanent(e) && !IsIsolated(e) && !IsDeferred(e);

    /// <summary>In-process retries for transient faults of the queue's dependency only; the rest skip them.</summary>
    public static void RetryTransientOnly(this IRetryConfigurator retry) => retry.Handle<Exception>(IsTransientForQueue);
}
