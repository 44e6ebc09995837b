using System.ComponentModel.DataAnnotations;
using MassTransit.Transports.Components;

namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// Section <c>KillSwitch</c>: MassTransit's kill switch on every work queue. When, within <see cref="TrackingPeriodSeconds"/>
/// and after at least <see cref="ActivationThreshold"/> attempts, <see cref="TripThresholdPercent"/> % of them fail with a
/// transient fault (a provider or the database down), the endpoint stops consuming for <see cref="RestartTimeoutSeconds"/>:
/// the messages wait in the queue instead of burning through their retries, and the endpoint restarts by itself to try
/// again. Permanent faults (a 4xx, a malformed order) and isolated ones (one seller's webhook host) are not counted: they say
/// nothing about the dependency every message of the queue shares.
/// </summary>
public sealed class KillSwitchSettings
{
    public const string Section = "KillSwitch";

    public bool Enabled { get; set; } = true;

    [Range(1, 100_000)] public int ActivationThreshold { get; set; } = 50;

    [Range(1, 100)] public int TripThresholdPercent { get; set; } = 25;

    [Range(1, 3600)] public int TrackingPeriodSeconds { get; set; } = 60;

    [Range(1, 3600)] public int RestartTimeoutSeconds { get; set; } = 30;

    public KillSwitchOptions Options() => new KillSwitchOptions()
        .SetActivationThreshold(ActivationThreshold)
        .SetTripThreshold(TripThresholdPercent)
        .SetTrackingPeriod(TimeSpan.FromSeconds(TrackingPeriodSeconds))
        .SetRestartTimeout(TimeSpan.FromSeconds(RestartTimeoutSeconds))
        .SetExceptionFilter(f => f.Handle<Exception>(Faults.IsTransientForQueue));
}
