namespace OrderPipeline.Notify.Notifications;

/// <summary>Another delivery holds the claim; retrying after its lease lets this one finish the job if that one died.</summary>
public sealed class NotificationInFlightException(string key) : Exception($"Notification {key} is being sent by another delivery.");
