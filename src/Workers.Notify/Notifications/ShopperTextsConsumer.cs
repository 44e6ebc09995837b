using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Retries;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>Queue <c>notify-sms</c>: a decision batch's text messages to shoppers.</summary>
public sealed class ShopperTextsConsumer(ShopperNoticeSender sender) : IConsumer<ShopperTexts>
{
    public Task Consume(ConsumeContext<ShopperTexts> context)
    {
        MalformedMessageException.ThrowIfMissing(nameof(ShopperTexts), ("Notices", context.Message.Notices));
        return sender.SendAsync<ShopperTextsConsumer, ShopperTexts>(context, ShopperChannels.Sms, context.Message.Notices, n => new ShopperTexts { Notices = n });
    }
}
