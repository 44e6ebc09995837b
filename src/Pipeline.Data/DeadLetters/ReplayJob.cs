using System.Text.Json;

namespace OrderPipeline.Data.DeadLetters;

/// <summary>
/// A bulk replay that on-call asked for: which rows (an id list or a filter, bounded by <see cref="MaxId"/> so that
/// messages failing again during the replay are not swept up by it), how fast, and how far it got. The dead-letter
/// worker runs it in batches under a lease, so a crash resumes from <see cref="LastId"/> on the next instance.
/// </summary>
public sealed class ReplayJob
{
    public long Id { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>The selection as asked for (ids or filter), kept for the record and for the runner.</summary>
    public required JsonDocument Selection { get; set; }
    /// <summary>The newest dead letter that existed when the job was created; rows above it are never part of it.</summary>
    public long MaxId { get; set; }
    public int RatePerSecond { get; set; }
    public int BatchSize { get; set; }
    public required string Status { get; set; }
    /// <summary>Rows that matched (and were <c>New</c>) when the job was created.</summary>
    public int Total { get; set; }
    public int Replayed { get; set; }
    /// <summary>Rows someone else replayed or discarded before the job reached them.</summary>
    public int Skipped { get; set; }
    /// <summary>Rows the broker would not take back (their queue no longer exists); each says why in its <c>replay_error</c>.</summary>
    public int NotReplayed { get; set; }
    /// <summary>Progress cursor: every matching row with an id at or below it has been handled.</summary>
    public long LastId { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? CancelledBy { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? Error { get; set; }
}
