namespace OrderPipeline.Admin.Queues;

/// <summary>One queue as the broker counts it; rates are per second over the broker's last sample interval (5 s by default).</summary>
public sealed record QueueStats(string Name, long Ready, long Unacknowledged, int Consumers, double PublishPerSecond, double DeliverPerSecond,
    double AckPerSecond);
