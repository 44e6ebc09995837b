namespace OrderPipeline.Data.Flags;

/// <summary>
/// A running process and the flag version it has applied, written by the process itself after every load (a flip, or the
/// periodic refresh, which doubles as its heartbeat) and removed when it stops. The flags API reads it to say who has
/// applied a flip and who has not.
/// </summary>
public sealed class FlagInstance
{
    public required string InstanceId { get; set; }
    public required string Service { get; set; }
    public required string Host { get; set; }
    public int ProcessId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public long AppliedVersion { get; set; }
    /// <summary>When the process applied <see cref="AppliedVersion"/> (its own clock).</summary>
    public DateTimeOffset AppliedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    /// <summary>How many times the process has read the flags from the database since it started (loads, not evaluations).</summary>
    public long DatabaseReads { get; set; }
    /// <summary>The queues this process has stopped consuming because a flag is off.</summary>
    public string[] PausedQueues { get; set; } = [];
    /// <summary>The queues this process has stopped consuming because their kill switch tripped on transient failures.</summary>
    public string[] StoppedQueues { get; set; } = [];
}
