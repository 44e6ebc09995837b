using System.Globalization;
using OrderPipeline.Contracts;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>How a notice to a shopper is addressed and keyed.</summary>
public static class ShopperNotices
{
    /// <summary>The shopper's address on <paramref name="channel"/>, or null when they gave none (nothing to send).</summary>
    public static string? Address(ContactInfo? contact, string channel) => channel switch
    {
        ShopperChannels.Email => string.IsNullOrEmpty(contact?.Email) ? null : contact.Email,
        ShopperChannels.Sms => string.IsNullOrEmpty(contact?.Phone) ? null : contact.Phone,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a shopper channel."),
    };

    public static string Key(string orderId, string kind, string channel) => $"{orderId}:{kind}:{channel}";

    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString("0.##", CultureInfo.InvariantCulture)} {currency}";

    public static Notifier.Job Job(IShopperChannel gateway, string orderId, string kind, string channel, string to, string? subject, string text)
    {
        var key = Key(orderId, kind, channel);
        return new Notifier.Job(key, orderId, kind, channel,
            ct => gateway.SendAsync(new ShopperMessage(key, channel, to, subject, text, orderId), ct));
    }
}
