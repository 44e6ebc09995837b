using System.ComponentModel.DataAnnotations;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>Section <c>DeadLetter</c> (environment: <c>DeadLetter__MoveIntervalSeconds</c>, ...).</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetter";

    /// <summary>The queues drained into <c>dead_letters</c>. Default: every work queue's error and skipped queues, and delivery_limit (<see cref="PipelineQueues.DeadLetterSources"/>).</summary>
    /// <remarks>Empty by default: configuration binding appends to an array, it does not replace it.</remarks>
    public string[] Queues { get; set; } = [];

    [Range(1, 3600)] public int MoveIntervalSeconds { get; set; } = 5;

    /// <summary>Most messages moved per queue per transaction.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 500;

    /// <summary>Replayed and discarded rows older than this are deleted by the retention job; <c>New</c> rows are kept.</summary>
    [Range(1, 3650)] public int RetentionDays { get; set; } = 30;

    [Range(1, 1440)] public int PurgeIntervalMinutes { get; set; } = 60;

    /// <summary>How often an idle instance looks for a bulk replay to run.</summary>
    [Range(50, 60_000)] public int ReplayPollMilliseconds { get; set; } = 1000;

    /// <summary>A replay job whose runner has not renewed its lease for this long is taken over by another instance.</summary>
    [Range(5, 3600)] public int ReplayLeaseSeconds { get; set; } = 30;

    public AlertOptions Alerts { get; set; } = new();

    public IReadOnlyList<string> QueuesToDrain() => Queues.Length > 0 ? Queues : PipelineQueues.DeadLetterSources;
}
