using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Orders;
using OrderPipeline.Intake.Sellers;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class EndpointValidationTests
{
    [Fact]
    public void Product_validation_names_each_bad_field()
    {
        var errors = PutProductEndpoint.Validate("bad seller", "p1", new ProductRequest("", 0m, "krw", -1));
        Assert.Equal(["currency", "name", "sellerId", "stock", "unitPrice"], errors.Keys.Order());
        Assert.Empty(PutProductEndpoint.Validate("s1", "p1", new ProductRequest("Apple", 0.0001m, "KRW", 0)));
        Assert.Contains("unitPrice", PutProductEndpoint.Validate("s1", "p1", new ProductRequest("Apple", 0.00001m, "KRW", 0)).Keys);
    }

    [Theory]
    [InlineData("https://seller.example/hook", "0123456789abcdef", true)]
    [InlineData("ftp://seller.example/hook", "0123456789abcdef", false)]
    [InlineData("/relative", "0123456789abcdef", false)]
    [InlineData("https://seller.example/hook", "0123456789abcde", false)]
    [InlineData(null, null, false)]
    public void Webhook_needs_an_absolute_url_and_a_16_character_secret(string? url, string? secret, bool valid) =>
        Assert.Equal(valid, PutWebhookEndpoint.Validate("s1", new WebhookRequest(url, secret)).Count == 0);

    [Theory]
    [InlineData("k", true)]
    [InlineData("a b~!", true)]
    [InlineData("", false)]
    [InlineData("é", false)]
    [InlineData("tab\t", false)]
    public void Idempotency_keys_are_1_to_255_printable_ascii(string key, bool valid)
    {
        Assert.Equal(valid, IdempotencyKeys.IsValid(key));
        Assert.True(IdempotencyKeys.IsValid(new string('x', 255)));
        Assert.False(IdempotencyKeys.IsValid(new string('x', 256)));
    }

    [Fact]
    public void Catalogue_keeps_the_newest_change_whatever_order_they_arrive_in()
    {
        var cache = new CatalogueCache();
        var newer = new CatalogueEntry("p", "s", "New", 2m, "KRW", DateTimeOffset.UnixEpoch.AddSeconds(2));
        cache.Apply(newer);
        cache.Apply(newer with { Name = "Old", ChangedAt = DateTimeOffset.UnixEpoch.AddSeconds(1) });
        Assert.Equal("New", cache.Find("p")!.Name);

        cache.ReplaceAll([new CatalogueEntry("q", "s", "Q", 1m, "KRW", DateTimeOffset.UnixEpoch)], cache.Mark());
        Assert.Null(cache.Find("p"));
        Assert.True(cache.IsLoaded);
    }

    [Fact]
    public void A_product_created_while_the_catalogue_reloads_is_not_dropped_by_the_reload()
    {
        var cache = new CatalogueCache();
        cache.Apply(new CatalogueEntry("old", "s", "Old", 1m, "KRW", DateTimeOffset.UnixEpoch));

        // The reload marks, then reads the table; meanwhile a product is created (its event arrives, or this instance took the PUT).
        var mark = cache.Mark();
        cache.Apply(new CatalogueEntry("new", "s", "New", 1m, "KRW", DateTimeOffset.UnixEpoch.AddSeconds(5)));
        cache.ReplaceAll([new CatalogueEntry("old", "s", "Old", 1m, "KRW", DateTimeOffset.UnixEpoch)], mark);

        Assert.Equal("New", cache.Find("new")?.Name);
        Assert.Equal("Old", cache.Find("old")?.Name);

        // A product removed before the mark is gone after the next reload.
        cache.ReplaceAll([], cache.Mark());
        Assert.Null(cache.Find("old"));
    }
}
