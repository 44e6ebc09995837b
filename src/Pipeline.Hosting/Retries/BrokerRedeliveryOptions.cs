namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// Section <c>Redelivery</c>: the delays after which a message that failed its in-process retries is tried again,
/// waiting in a broker-side retry queue (not in a consumer slot). Per queue:
/// <c>Redelivery:Queues:notify:DelaysMs</c> (environment <c>Redelivery__Queues__notify__DelaysMs__0</c>).
/// </summary>
public sealed class BrokerRedeliveryOptions
{
    public const string Section = "Redelivery";

    /// <summary>Default 5 s, 30 s, 2 min, 10 min. Empty here because configuration binding appends to arrays.</summary>
    public int[] DelaysMs { get; set; } = [];

    public Dictionary<string, QueueRedelivery> Queues { get; set; } = new(StringComparer.Ordinal);

    public int[] DelaysFor(string queue) =>
        Queues.TryGetValue(queue, out var own) && own.DelaysMs is { Length: > 0 } delays ? delays
        : DelaysMs.Length > 0 ? DelaysMs
        : [5_000, 30_000, 120_000, 600_000];

    public static string RetryQueueName(string queue, int delayMs) => $"{queue}_retry_{delayMs}ms";
}
