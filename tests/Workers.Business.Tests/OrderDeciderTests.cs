using OrderPipeline.Business.Orders;
using OrderPipeline.Contracts;
using Xunit;

namespace OrderPipeline.Workers.Business.Tests;

public sealed class OrderDeciderTests
{
    static Dictionary<string, StockedProduct> Products() => new()
    {
        ["apple"] = new StockedProduct("apple", "farm", "Apple", 1250.5m, "KRW", 10),
        ["pear"] = new StockedProduct("pear", "farm", "Pear", 999m, "KRW", 1),
        ["melon"] = new StockedProduct("melon", "farm", "Melon", 3.25m, "USD", 5),
        ["shoe"] = new StockedProduct("shoe", "shop", "Shoe", 50m, "USD", 5),
    };

    static SubmitOrder Order(params (string Product, int Quantity)[] lines) => new()
    {
        OrderId = "o1", CustomerId = "c1", SellerId = "farm",
        Items = lines.Select(l => new OrderLine { ProductId = l.Product, Quantity = l.Quantity }).ToList(),
        Contact = new ContactInfo { Email = "a@b.co" }, RequestHash = "h", AcceptedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Confirmed_order_is_priced_from_the_catalogue_and_reserves_its_stock()
    {
        var products = Products();
        var decision = Assert.IsType<Confirm>(OrderDecider.Decide(Order(("apple", 3), ("pear", 1)), products));
        Assert.Equal(3 * 1250.5m + 999m, decision.Total);
        Assert.Equal("KRW", decision.Currency);
        Assert.Equal([1250.5m, 999m], decision.Lines.Select(l => l.UnitPrice));
        Assert.Equal(7, products["apple"].Stock);
        Assert.Equal(0, products["pear"].Stock);
        Assert.True(products["apple"].Changed);
    }

    [Fact]
    public void Out_of_stock_on_one_line_reserves_nothing()
    {
        var products = Products();
        var decision = Assert.IsType<Reject>(OrderDecider.Decide(Order(("apple", 3), ("pear", 2)), products));
        Assert.Equal(RejectionReasons.OutOfStock, decision.Reason);
        Assert.Equal(10, products["apple"].Stock);
        Assert.Equal(1, products["pear"].Stock);
        Assert.False(products["apple"].Changed);
    }

    [Fact]
    public void Later_orders_see_the_stock_earlier_ones_left()
    {
        var products = Products();
        var decisions = Enumerable.Range(0, 4).Select(_ => OrderDecider.Decide(Order(("apple", 3)), products)).ToList();
        Assert.Equal([true, true, true, false], decisions.Select(d => d is Confirm));
        Assert.Equal(1, products["apple"].Stock);
    }

    [Fact]
    public void Unknown_product_another_seller_and_mixed_currencies_are_rejected_with_their_reason()
    {
        Assert.Equal(RejectionReasons.UnknownProduct, Assert.IsType<Reject>(OrderDecider.Decide(Order(("gone", 1)), Products())).Reason);
        Assert.Equal(RejectionReasons.MixedSellers, Assert.IsType<Reject>(OrderDecider.Decide(Order(("shoe", 1)), Products())).Reason);
        Assert.Equal(RejectionReasons.MixedCurrencies, Assert.IsType<Reject>(OrderDecider.Decide(Order(("apple", 1), ("melon", 1)), Products())).Reason);
    }

    [Fact]
    public void A_total_too_large_to_store_is_rejected_and_reserves_nothing()
    {
        var products = new Dictionary<string, StockedProduct>
        {
            ["gold"] = new StockedProduct("gold", "farm", "Gold", 99_999_999_999_999m, "KRW", 10_000),
        };
        Assert.Equal(OrderDecider.TotalTooLarge, Assert.IsType<Reject>(OrderDecider.Decide(Order(("gold", 1000)), products)).Reason);
        Assert.Equal(10_000, products["gold"].Stock);
    }

    [Fact]
    public void Malformed_messages_are_rejected_not_thrown()
    {
        Assert.Equal(OrderDecider.InvalidOrder, Assert.IsType<Reject>(OrderDecider.Decide(Order(("apple", 0)), Products())).Reason);
        Assert.Equal(OrderDecider.InvalidOrder, Assert.IsType<Reject>(OrderDecider.Decide(Order(("apple", 1), ("apple", 1)), Products())).Reason);
        Assert.Equal(OrderDecider.InvalidOrder, Assert.IsType<Reject>(OrderDecider.Decide(Order(), Products())).Reason);
        Assert.Equal(OrderDecider.InvalidOrder, Assert.IsType<Reject>(OrderDecider.Decide(Order(("apple", 1)) with { Items = null! }, Products())).Reason);
    }

    [Fact]
    public void A_batch_tells_each_shopper_once_on_the_channels_they_gave_and_only_sellers_with_a_webhook()
    {
        static DecidedOrder Decided(string id, bool confirmed, string seller, string? email, string? phone) => new(id, "c", seller, confirmed,
            confirmed ? null : RejectionReasons.OutOfStock, confirmed ? [new PricedOrderLine { ProductId = "p", Name = "Pear", Quantity = 2, UnitPrice = 5 }] : [],
            confirmed ? 10 : 0, confirmed ? "KRW" : "", new ContactInfo { Email = email, Phone = phone }, DateTimeOffset.UnixEpoch);
        DecidedOrder[] batch =
        [
            Decided("o1", true, "s1", "a@b.co", null),
            Decided("o2", false, "s1", "b@b.co", "+8210"),
            Decided("o3", true, "s2", null, "+8211"),
            Decided("o1", true, "s1", "a@b.co", null), // the same order delivered twice in one batch
        ];

        var followUps = FollowUps.For(batch, new HashSet<string> { "s2" });

        Assert.Equal(["o1", "o2"], followUps.Emails.Select(n => n.OrderId));
        Assert.Equal(["a@b.co", "b@b.co"], followUps.Emails.Select(n => n.To));
        Assert.Equal(["o2", "o3"], followUps.Texts.Select(n => n.OrderId));
        Assert.Equal(["o3"], followUps.SellerOrders.Select(o => o.OrderId));
        Assert.Equal(["o1", "o3"], followUps.Feed.Select(o => o.OrderId));
        var confirmed = followUps.Emails[0];
        Assert.Equal((NoticeKinds.OrderConfirmed, 1, 10m, "KRW", null), (confirmed.Kind, confirmed.ItemCount, confirmed.Total, confirmed.Currency, confirmed.Reason));
        var rejected = followUps.Emails[1];
        Assert.Equal((NoticeKinds.OrderRejected, null, RejectionReasons.OutOfStock), (rejected.Kind, rejected.Total, rejected.Reason));
        Assert.Equal(2, followUps.SellerOrders[0].Items[0].Quantity);
    }

    [Theory]
    [InlineData("v1", 10, 1250.5)]
    [InlineData("v2", 9, 1250.5)]     // under the volume threshold: list price
    [InlineData("v2", 10, 1125.45)]   // 10 % off 1250.50 = 1125.45
    public void Each_pricing_rule_prices_the_lines_its_own_way(string rule, int quantity, decimal unitPrice)
    {
        var products = Products();
        var decision = Assert.IsType<Confirm>(OrderDecider.Decide(Order(("apple", quantity)), products, rule));
        Assert.Equal(rule, decision.Pricing);
        Assert.Equal(unitPrice, Assert.Single(decision.Lines).UnitPrice);
        Assert.Equal(unitPrice * quantity, decision.Total);
        Assert.Equal(10 - quantity, products["apple"].Stock);
    }

    [Fact]
    public void The_new_rule_rounds_down_to_the_cent_and_an_unknown_rule_is_refused()
    {
        Assert.Equal(900.49m, Pricing.UnitPrice(Pricing.V2, 1000.55m, 10)); // 900.495
        Assert.Equal(2.92m, Pricing.UnitPrice(Pricing.V2, 3.25m, 1000));    // 2.925
        Assert.Equal(1000.55m, Pricing.UnitPrice(Pricing.V1, 1000.55m, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pricing.UnitPrice("v3", 1m, 1));
    }
}
