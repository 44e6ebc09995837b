using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Orders;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class OrderRequestValidatorTests
{
    static readonly Dictionary<string, CatalogueEntry> Catalogue = new()
    {
        ["apple"] = new("apple", "farm", "Apple", 1000m, "KRW", DateTimeOffset.UnixEpoch),
        ["pear"] = new("pear", "farm", "Pear", 1200m, "KRW", DateTimeOffset.UnixEpoch),
        ["shoe"] = new("shoe", "shop", "Shoe", 50m, "USD", DateTimeOffset.UnixEpoch),
    };

    static (ValidOrder? Order, Dictionary<string, string[]> Errors) Validate(OrderRequest request) =>
        OrderRequestValidator.Validate(request, id => Catalogue.GetValueOrDefault(id));

    static OrderRequest Valid() => new("cust-1", [new OrderItemRequest("apple", 2), new OrderItemRequest("pear", 1)], new ContactRequest("a@b.co", null));

    [Fact]
    public void Valid_order_resolves_its_seller_and_lines()
    {
        var (order, errors) = Validate(Valid());
        Assert.Empty(errors);
        Assert.Equal("farm", order!.SellerId);
        Assert.Equal(["apple", "pear"], order.Items.Select(i => i.ProductId));
        Assert.Equal([2, 1], order.Items.Select(i => i.Quantity));
    }

    [Theory]
    [InlineData(null, "customerId")]
    [InlineData("", "customerId")]
    [InlineData("has space", "customerId")]
    [InlineData("ü", "customerId")]
    public void Bad_customer_id_is_named(string? customerId, string field) =>
        Assert.Contains(field, Validate(Valid() with { CustomerId = customerId }).Errors.Keys);

    [Fact]
    public void Customer_id_of_64_characters_passes_and_65_fails()
    {
        Assert.Empty(Validate(Valid() with { CustomerId = new string('a', 64) }).Errors);
        Assert.Contains("customerId", Validate(Valid() with { CustomerId = new string('a', 65) }).Errors.Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(null)]
    public void Quantity_out_of_range_is_named(int? quantity) =>
        Assert.Contains("items[0].quantity", Validate(Valid() with { Items = [new OrderItemRequest("apple", quantity)] }).Errors.Keys);

    [Fact]
    public void Quantity_limits_1_and_1000_pass()
    {
        Assert.Empty(Validate(Valid() with { Items = [new OrderItemRequest("apple", 1)] }).Errors);
        Assert.Empty(Validate(Valid() with { Items = [new OrderItemRequest("apple", 1000)] }).Errors);
    }

    [Fact]
    public void No_items_and_too_many_items_are_refused()
    {
        Assert.Contains("items", Validate(Valid() with { Items = [] }).Errors.Keys);
        Assert.Contains("items", Validate(Valid() with { Items = null }).Errors.Keys);
        var many = Enumerable.Range(0, 101).Select(_ => (OrderItemRequest?)new OrderItemRequest("apple", 1)).ToList();
        Assert.Contains("items", Validate(Valid() with { Items = many }).Errors.Keys);
    }

    [Fact]
    public void Unknown_product_duplicate_line_and_null_line_are_named_by_index()
    {
        var errors = Validate(Valid() with { Items = [new OrderItemRequest("nope", 1), new OrderItemRequest("apple", 1), new OrderItemRequest("apple", 2), null] }).Errors;
        Assert.Contains("items[0].productId", errors.Keys);
        Assert.Contains("items[2].productId", errors.Keys);
        Assert.Contains("items[3]", errors.Keys);
        Assert.DoesNotContain("items[1].productId", errors.Keys);
    }

    [Fact]
    public void Products_of_two_sellers_are_refused()
    {
        var errors = Validate(Valid() with { Items = [new OrderItemRequest("apple", 1), new OrderItemRequest("shoe", 1)] }).Errors;
        Assert.Contains("items", errors.Keys);
    }

    [Theory]
    [InlineData(null, null, "contact")]
    [InlineData("not-an-email", null, "contact.email")]
    [InlineData(null, "12ab", "contact.phone")]
    [InlineData(null, "123", "contact.phone")]
    public void Contact_needs_a_valid_email_or_phone(string? email, string? phone, string field) =>
        Assert.Contains(field, Validate(Valid() with { Contact = new ContactRequest(email, phone) }).Errors.Keys);

    [Fact]
    public void Missing_contact_is_named()
    {
        Assert.Contains("contact", Validate(Valid() with { Contact = null }).Errors.Keys);
    }

    [Fact]
    public void Phone_separators_are_removed()
    {
        var (order, _) = Validate(Valid() with { Contact = new ContactRequest(null, "+82 10-1234-5678") });
        Assert.Equal("+821012345678", order!.Contact.Phone);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = Validate(new OrderRequest(null, [new OrderItemRequest(null, 0)], null)).Errors;
        Assert.Equal(["contact", "customerId", "items[0].productId", "items[0].quantity"], errors.Keys.Order());
    }
}
