using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>Section <c>DeadLetter</c> (environment: <c>DeadLetter__MoveIntervalSeconds</c>, ...).</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetter";

    /// <summary>The error queues drained into <c>dead_letters</c>. Default: orders_error, notify_error, delivery_limit.</summary>
    /// <remarks>Empty by default: configuration binding appends to an array, it does not replace it.</remarks>
    public string[] Queues { get; set; } = [];

    [Range(1, 3600)] public int MoveIntervalSeconds { get; set; } = 5;

    /// <summary>Most messages moved per queue per transaction.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 500;

    public string[] QueuesToDrain() => Queues.Length > 0 ? Queues : ["orders_error", "notify_error", DeadLetterParser.DeliveryLimitQueue];
}
