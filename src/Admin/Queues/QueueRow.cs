namespace OrderPipeline.Admin.Queues;

/// <param name="Kind"><c>work</c>, <c>retry</c>, <c>error</c>, <c>skipped</c> or <c>delivery-limit</c>.</param>
/// <param name="PausedBy">Live instances that stopped consuming it because a flag is off.</param>
/// <param name="StoppedBy">Live instances whose kill switch stopped it after too many transient failures.</param>
public sealed record QueueRow(string Queue, string WorkQueue, string Kind, string Host, long Ready, long Unacknowledged, int Consumers,
    double PublishPerSecond, double DeliverPerSecond, double AckPerSecond, IReadOnlyList<string> PausedBy, IReadOnlyList<string> StoppedBy, bool Missing);
