namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// A queue a worker consumes, retried through broker-side retry queues, paused while any of its flags is off. Its publishers bind
/// <paramref name="Message"/>'s exchange to it as well (<see cref="PipelineBus.BindWorkQueue{T}"/>), so what they publish is
/// queued even before the worker first started.
/// </summary>
public sealed record WorkQueue(string Name, string Host, Type Message, IReadOnlyList<string> PauseFlags)
{
    /// <summary>Where MassTransit puts what failed every retry.</summary>
    public string Error => Name + "_error";

    /// <summary>Where MassTransit puts a message no consumer on the endpoint takes (a wrong message type).</summary>
    public string Skipped => Name + "_skipped";
}
