using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>Queue <c>notify-email</c>: a decision batch's e-mails to shoppers.</summary>
public sealed class ShopperEmailsConsumer(ShopperNoticeSender sender) : IConsumer<ShopperEmails>
{
    public Task Consume(ConsumeContext<ShopperEmails> context)
    {
        MalformedMessageException.ThrowIfMissing(nameof(ShopperEmails), ("Notices", context.Message.Notices));
        return sender.SendAsync<ShopperEmailsConsumer, ShopperEmails>(context, ShopperChannels.Email, context.Message.Notices, n => new ShopperEmails { Notices = n });
    }
}
