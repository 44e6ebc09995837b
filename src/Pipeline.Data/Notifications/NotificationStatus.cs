namespace OrderPipeline.Data.Notifications;

public static class NotificationStatus
{
    public const string Pending = "Pending";
    public const string Sending = "Sending";
    public const string Sent = "Sent";
    public const string Skipped = "Skipped";
    /// <summary>Refused for good by the provider; only a replay of its dead letter sends it again.</summary>
    public const string Failed = "Failed";
}
