namespace OrderPipeline.Notify.Notifications;

/// <summary>How one notification ended in this attempt.</summary>
public enum NoticeOutcome
{
    Sent,
    /// <summary>Not sent, worth trying again: given back (<c>Pending</c>).</summary>
    Retry,
    /// <summary>Refused for good (a 4xx): <c>Failed</c>; only a replay of its dead letter sends it again.</summary>
    Failed,
    /// <summary>Nothing to send (the seller has no webhook any more).</summary>
    Skipped,
}
