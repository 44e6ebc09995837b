namespace OrderPipeline.Data.DeadLetters;

/// <summary>A note on a failure group: what was found, what was tried.</summary>
public sealed class DeadLetterNote
{
    public long Id { get; set; }
    public required string Fingerprint { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Text { get; set; }
}
