namespace OrderPipeline.Data.DeadLetters;

public static class DeadLetterStatus
{
    public const string New = "New";
    public const string Replayed = "Replayed";
    public const string Discarded = "Discarded";
}
