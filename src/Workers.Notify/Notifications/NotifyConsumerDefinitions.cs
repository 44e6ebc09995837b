using MassTransit;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Each channel has a queue of its own, apart from <c>orders</c> and from each other, so a slow provider backs up its own
/// notifications, never order decisions or another channel. A provider's 4xx is final; anything else is retried in
/// process, then after growing delays in broker-side retry queues. <see cref="Flags"/> switch the queue's endpoint off
/// and on (the messages wait in the queue meanwhile).
/// </summary>
public abstract class NotifyConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly NotifyOptions _options;

    protected NotifyConsumerDefinition(IOptions<NotifyOptions> options, string queue)
    {
        _options = options.Value;
        EndpointName = queue;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.PrefetchCount;
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.RetryTransientOnly();
            r.Intervals(_options.RetryIntervals());
        });
    }
}

public static class NotifyQueues
{
    public const string Email = "notify-email";
    public const string Sms = "notify-sms";
    public const string SellerWebhook = "notify-webhook";
    public const string SellerFeed = "notify-feed";

    public const string Delays = OrderPipeline.Notify.Delays.DelayNoticeConsumerDefinition.QueueName;

    public static readonly string[] All = [Email, Sms, SellerWebhook, SellerFeed, Delays];

    /// <summary>The flags that must all be on for a queue's endpoint to consume.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Flags = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Email] = [KnownFlags.NotifySend, KnownFlags.NotifyEmail],
        [Sms] = [KnownFlags.NotifySend, KnownFlags.NotifySms],
        [SellerWebhook] = [KnownFlags.NotifySend, KnownFlags.NotifySellerWebhook],
        [SellerFeed] = [KnownFlags.NotifySend],
        [Delays] = OrderPipeline.Notify.Delays.DelayNoticeConsumerDefinition.Flags,
    };
}

public sealed class EmailConsumerDefinition(IOptions<NotifyOptions> options) : NotifyConsumerDefinition<EmailConsumer>(options, NotifyQueues.Email);

public sealed class SmsConsumerDefinition(IOptions<NotifyOptions> options) : NotifyConsumerDefinition<SmsConsumer>(options, NotifyQueues.Sms);

public sealed class SellerWebhookConsumerDefinition(IOptions<NotifyOptions> options)
    : NotifyConsumerDefinition<SellerWebhookConsumer>(options, NotifyQueues.SellerWebhook);

public sealed class SellerFeedConsumerDefinition(IOptions<NotifyOptions> options) : NotifyConsumerDefinition<SellerFeedConsumer>(options, NotifyQueues.SellerFeed);
