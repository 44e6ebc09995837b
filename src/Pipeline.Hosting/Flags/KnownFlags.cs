namespace OrderPipeline.Hosting.Flags;

/// <summary>The flags the code reads, with what they do and their state before anyone flips them.</summary>
public static class KnownFlags
{
    public const string AcceptOrders = "Intake.AcceptOrders";
    public const string PricingV2 = "Business.PricingV2";
    public const string NotifySend = "Notify.Send";
    public const string NotifySms = "Notify.Channel.Sms";
    public const string NotifyEmail = "Notify.Channel.Email";
    public const string NotifySellerWebhook = "Notify.Channel.SellerWebhook";
    public const string DeadLetterMove = "Workers.DeadLetter.Move";

    public sealed record Definition(string Name, string Description, bool DefaultEnabled);

    public static readonly IReadOnlyList<Definition> All =
    [
        new(AcceptOrders, "Off: POST /orders answers 503 with Retry-After and publishes nothing.", true),
        new(PricingV2, "On: orders are priced by the new rules; off: by the old ones. Supports a percentage rollout by customer.", false),
        new(NotifySend, "Off: the notify worker stops consuming; notifications wait in the queue, nothing is dropped.", true),
        new(NotifySms, "Off: text messages to shoppers wait in the queue.", true),
        new(NotifyEmail, "Off: e-mails to shoppers wait in the queue.", true),
        new(NotifySellerWebhook, "Off: seller webhooks wait in the queue.", true),
        new(DeadLetterMove, "Off: the dead-letter job stops moving error queues into the table.", true),
    ];

    public static Definition? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
