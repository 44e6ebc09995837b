using System.Globalization;
using OrderPipeline.Contracts;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>The shopper's notices for an order, one per contact channel the shopper gave.</summary>
public static class ShopperNotices
{
    public static IEnumerable<Notifier.Job> Jobs(IShopperChannel channel, string orderId, string kind, ContactInfo contact, string subject, string text)
    {
        if (!string.IsNullOrEmpty(contact.Email))
        {
            yield return Job(channel, orderId, kind, ShopperChannels.Email, contact.Email, subject, text);
        }

        if (!string.IsNullOrEmpty(contact.Phone))
        {
            yield return Job(channel, orderId, kind, ShopperChannels.Sms, contact.Phone, null, text);
        }
    }

    public static string Key(string orderId, string kind, string channel) => $"{orderId}:{kind}:{channel}";

    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString("0.##", CultureInfo.InvariantCulture)} {currency}";

    static Notifier.Job Job(IShopperChannel channel, string orderId, string kind, string channelName, string to, string? subject, string text)
    {
        var key = Key(orderId, kind, channelName);
        return new Notifier.Job(key, orderId, kind, channelName,
            ct => channel.SendAsync(new ShopperMessage(key, channelName, to, subject, text, orderId), ct));
    }
}
