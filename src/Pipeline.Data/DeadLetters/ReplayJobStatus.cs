namespace OrderPipeline.Data.DeadLetters;

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
