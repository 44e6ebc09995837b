using OrderPipeline.Contracts;
using OrderPipeline.Integration.Tests.Orders;

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
}
