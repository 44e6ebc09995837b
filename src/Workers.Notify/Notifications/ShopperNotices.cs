using System.Globalization;
using OrderPipeline.Contracts;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>How a notice to a shopper is keyed and worded.</summary>
public static class ShopperNotices
{
    public static string Key(string orderId, string kind, string channel) => $"{orderId}:{kind}:{channel}";

    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString("0.##", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>The message the gateway gets for a notice on <paramref name="channel"/> (a subject only for e-mail).</summary>
    public static ShopperMessage Message(ShopperNotice notice, string channel)
    {
        var (subject, text) = notice.Kind == NoticeKinds.OrderConfirmed
            ? ($"Order {notice.OrderId} confirmed",
               $"Your order {notice.OrderId} is confirmed: {notice.ItemCount} item(s), {Money(notice.Total ?? 0, notice.Currency ?? "")}.")
            : ($"Order {notice.OrderId} not accepted",
               $"Sorry, your order {notice.OrderId} was not accepted: {Why(notice.Reason)}. You were not charged.");
        return new ShopperMessage(Key(notice.OrderId, notice.Kind, channel), channel, notice.To, channel == ShopperChannels.Email ? subject : null, text,
            notice.OrderId);
    }

    static string Why(string? reason) => reason switch
    {
        RejectionReasons.OutOfStock => "an item is out of stock",
        RejectionReasons.UnknownProduct => "an item is no longer sold",
        _ => "it could not be processed",
    };
}
