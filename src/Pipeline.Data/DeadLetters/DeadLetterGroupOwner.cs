namespace OrderPipeline.Data.DeadLetters;

/// <summary>Who works on a failure group (one fingerprint), so that two people do not work the same failure.</summary>
public sealed class DeadLetterGroupOwner
{
    public required string Fingerprint { get; set; }
    public required string Assignee { get; set; }
    public required string AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}
