using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Transports.Components;
using OrderPipeline.Hosting.Telemetry;

namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// One MassTransit <see cref="KillSwitch"/> per work queue. MassTransit's kill switch sees only the faults that leave the
/// consume pipe, and a message parked for delayed redelivery does not leave it faulted (<see cref="RedeliveryFilter{T}"/>
/// handles it), so that filter reports each parked failure here: the switch counts every failed delivery.
/// </summary>
public sealed class KillSwitches(PipelineMetrics metrics)
{
    readonly ConcurrentDictionary<string, KillSwitch> _switches = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> _stopped = new(StringComparer.Ordinal);

    /// <summary>The queues this process has stopped consuming because their kill switch tripped (reported in <c>flag_instances</c>).</summary>
    public string[] StoppedQueues => _stopped.Where(s => s.Value).Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Called by <see cref="EndpointStateLog"/> when the kill switch stops or restarts <paramref name="queue"/>.</summary>
    public void Tripped(string queue, bool stopped)
    {
        if (stopped && !_stopped.GetValueOrDefault(queue))
        {
            metrics.KillSwitchTripped(queue);
        }

        _stopped[queue] = stopped;
    }

    public void Install(string queue, IReceiveEndpointConfigurator endpoint, KillSwitchSettings settings, IReceiveEndpointObserver stateLog)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var options = settings.Options();
        var errors = options.Validate().Where(r => r.Disposition == ValidationResultDisposition.Failure).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("KillSwitch: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Message}")));
        }

        var killSwitch = new KillSwitch(options);
        endpoint.ConnectReceiveEndpointObserver(killSwitch);
        endpoint.ConnectReceiveEndpointObserver(stateLog);
        _switches[queue] = killSwitch;
    }

    /// <summary>A delivery failed and was parked for redelivery: count it as the fault it is.</summary>
    public Task ParkedAsync<T>(string queue, ConsumeContext<T> context, Exception exception)
        where T : class =>
        _switches.TryGetValue(queue, out var killSwitch) ? killSwitch.ConsumeFault(context, exception) : Task.CompletedTask;
}
