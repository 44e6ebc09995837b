using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// The one catalogue of the pipeline's queues: the hosts configure their endpoints, retry queues and pauses from it, the
/// dead-letter mover drains what it derives, and the tests and the README name the same queues.
/// </summary>
public static class PipelineQueues
{
    /// <summary>Accepted orders, consumed by the business worker, declared by the intake as well (see <see cref="PipelineBus"/>).</summary>
    public const string Orders = "orders";
    /// <summary>The sale lane: orders for products of a running sale, decided on a consumer of their own at the sale's pace (ADR 9).</summary>
    public const string SaleOrders = "orders-sale";
    public const string Delays = "delays";
    public const string NotifyEmail = "notify-email";
    public const string NotifySms = "notify-sms";
    public const string NotifyWebhook = "notify-webhook";
    public const string NotifyDelays = "notify-delays";

    /// <summary>Messages a quorum queue dead-lettered at its delivery limit (the vhost policy's target).</summary>
    public const string DeliveryLimit = "delivery_limit";

    public const string BusinessHost = "Workers.Business";
    public const string NotifyHost = "Workers.Notify";

    public static readonly IReadOnlyList<WorkQueue> Work =
    [
        new(Orders, BusinessHost, typeof(SubmitOrder), []),
        new(SaleOrders, BusinessHost, typeof(SaleOrder), []),
        new(Delays, BusinessHost, typeof(DelayDeclared), []),
        new(NotifyEmail, NotifyHost, typeof(ShopperEmails), [KnownFlags.NotifySend, KnownFlags.NotifyEmail]),
        new(NotifySms, NotifyHost, typeof(ShopperTexts), [KnownFlags.NotifySend, KnownFlags.NotifySms]),
        new(NotifyWebhook, NotifyHost, typeof(SellerNewOrders), [KnownFlags.NotifySend, KnownFlags.NotifySellerWebhook]),
        // A chunk mixes texts and e-mails: paused with either channel.
        new(NotifyDelays, NotifyHost, typeof(DelayNoticeChunk), [KnownFlags.NotifySend, KnownFlags.NotifySms, KnownFlags.NotifyEmail]),
    ];

    /// <summary>The work queue <typeparamref name="T"/> is consumed from.</summary>
    public static WorkQueue Consuming<T>() => Work.Single(q => q.Message == typeof(T));

    /// <summary>The work queues of one host.</summary>
    public static string[] Of(string host) => Work.Where(q => q.Host == host).Select(q => q.Name).ToArray();

    /// <summary>The pause flags of one host's queues, for <see cref="PipelineBus"/>.</summary>
    public static IReadOnlyDictionary<string, string[]> PauseFlagsOf(string host) =>
        Work.Where(q => q.Host == host && q.PauseFlags.Count > 0).ToDictionary(q => q.Name, q => q.PauseFlags.ToArray(), StringComparer.Ordinal);

    /// <summary>Every queue the dead-letter worker drains into <c>dead_letters</c>: each work queue's error and skipped queues, and the delivery limit's.</summary>
    public static IReadOnlyList<string> DeadLetterSources { get; } =
        [.. Work.SelectMany(q => new[] { q.Error, q.Skipped }), DeliveryLimit];

    /// <summary>The work queue a drained queue belongs to (<c>orders_error</c> → <c>orders</c>).</summary>
    public static string WorkQueueOf(string source) =>
        source.EndsWith("_error", StringComparison.Ordinal) ? source[..^"_error".Length]
        : source.EndsWith("_skipped", StringComparison.Ordinal) ? source[..^"_skipped".Length]
        : source;
}
