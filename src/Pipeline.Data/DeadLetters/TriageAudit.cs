namespace OrderPipeline.Data.DeadLetters;

/// <summary>One triage action (replay, discard, assign) by one person: who, when, what, on which rows.</summary>
public sealed class TriageAudit
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public long? DeadLetterId { get; set; }
    public string? Fingerprint { get; set; }
    public string? Detail { get; set; }
}
