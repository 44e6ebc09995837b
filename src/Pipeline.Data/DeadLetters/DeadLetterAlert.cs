namespace OrderPipeline.Data.DeadLetters;

/// <summary>When on-call was last alerted about a group, and up to which row, so that alerts go once per group per interval.</summary>
public sealed class DeadLetterAlert
{
    public required string Fingerprint { get; set; }
    public DateTimeOffset LastAlertedAt { get; set; }
    public long AlertedThroughId { get; set; }
    public int AlertsSent { get; set; }
}
