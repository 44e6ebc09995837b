using OrderPipeline.Contracts;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>Messages as the pipeline's own services would publish them, for tests that drive one worker directly.</summary>
public static class Messages
{
    /// <summary>A confirmed order of one plum, e-mail only: what the business worker publishes.</summary>
    public static OrderConfirmed Confirmed(string email = "shopper@example.com", string? sellerId = null) => new()
    {
        OrderId = OrderApi.Unique("ord"),
        CustomerId = OrderApi.Unique("cust"),
        SellerId = sellerId ?? OrderApi.Unique("seller"),
        Items = [new PricedOrderLine { ProductId = "p", Name = "Plum", Quantity = 1, UnitPrice = 1000m }],
        Total = 1000m,
        Currency = "KRW",
        Contact = new ContactInfo { Email = email },
        ConfirmedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The e-mails of these orders in one batch message, as the business worker publishes a decision batch's.</summary>
    public static ShopperEmails EmailsOf(params OrderConfirmed[] orders) => new()
    {
        Notices = orders.Select(o => new ShopperNotice
        {
            OrderId = o.OrderId, Kind = NoticeKinds.OrderConfirmed, To = o.Contact.Email!, ItemCount = o.Items.Count, Total = o.Total, Currency = o.Currency,
        }).ToList(),
    };

    /// <summary>These orders in one batch message to their sellers' webhooks.</summary>
    public static SellerNewOrders NewOrdersOf(params OrderConfirmed[] orders) => new() { Orders = orders };
}
