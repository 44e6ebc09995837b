using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

public static class ReplayJobStatus
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Cancelling = "Cancelling";
    public const string Cancelled = "Cancelled";
    public const string Done = "Done";
    public const string Failed = "Failed";

    public static readonly string[] Active = [Pending, Running, Cancelling];
}

/// <summary>Who works on a failure group (one fingerprint), so that two people do not work the same failure.</summary>
public sealed class DeadLetterGroupOwner
{
    public required string Fingerprint { get; set; }
    public required string Assignee { get; set; }
    public required string AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}

/// <summary>A note on a failure group: what was found, what was tried.</summary>
public sealed class DeadLetterNote
{
    public long Id { get; set; }
    public required string Fingerprint { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Text { get; set; }
}

/// <summary>When on-call was last alerted about a group, and up to which row, so that alerts go once per group per interval.</summary>
public sealed class DeadLetterAlert
{
    public required string Fingerprint { get; set; }
    public DateTimeOffset LastAlertedAt { get; set; }
    public long AlertedThroughId { get; set; }
    public int AlertsSent { get; set; }
}

internal sealed class ReplayJobConfiguration : IEntityTypeConfiguration<ReplayJob>
{
    public void Configure(EntityTypeBuilder<ReplayJob> builder)
    {
        builder.ToTable("replay_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).UseIdentityAlwaysColumn();
        builder.Property(j => j.RequestedBy).HasMaxLength(128);
        builder.Property(j => j.Selection).HasColumnType("jsonb");
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.CancelledBy).HasMaxLength(128);
        builder.Property(j => j.LeaseOwner).HasMaxLength(128);
        builder.HasIndex(j => j.Status);
    }
}

internal sealed class DeadLetterGroupOwnerConfiguration : IEntityTypeConfiguration<DeadLetterGroupOwner>
{
    public void Configure(EntityTypeBuilder<DeadLetterGroupOwner> builder)
    {
        builder.ToTable("dead_letter_group_owners");
        builder.HasKey(o => o.Fingerprint);
        builder.Property(o => o.Fingerprint).HasMaxLength(64);
        builder.Property(o => o.Assignee).HasMaxLength(128);
        builder.Property(o => o.AssignedBy).HasMaxLength(128);
    }
}

internal sealed class DeadLetterNoteConfiguration : IEntityTypeConfiguration<DeadLetterNote>
{
    public void Configure(EntityTypeBuilder<DeadLetterNote> builder)
    {
        builder.ToTable("dead_letter_notes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.Property(n => n.Fingerprint).HasMaxLength(64);
        builder.Property(n => n.Author).HasMaxLength(128);
        builder.Property(n => n.Text).HasMaxLength(4000);
        builder.HasIndex(n => new { n.Fingerprint, n.Id });
    }
}

internal sealed class DeadLetterAlertConfiguration : IEntityTypeConfiguration<DeadLetterAlert>
{
    public void Configure(EntityTypeBuilder<DeadLetterAlert> builder)
    {
        builder.ToTable("dead_letter_alerts");
        builder.HasKey(a => a.Fingerprint);
        builder.Property(a => a.Fingerprint).HasMaxLength(64);
    }
}
