using System.Security.Cryptography;
using System.Text.Json;
using OrderPipeline.Contracts;
using OrderPipeline.Intake.Orders;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class RequestHashTests
{
    /// <summary>How earlier releases hashed: an anonymous object by reflection. Orders in flight across an upgrade keep their hash.</summary>
    static string Reflected(ValidOrder order) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new
    {
        c = order.CustomerId,
        i = order.Items.Select(i => new { p = i.ProductId, q = i.Quantity }),
        e = order.Contact.Email,
        t = order.Contact.Phone,
    })));

    public static TheoryData<ValidOrder> Orders() =>
    [
        new("c1", "s1", [new OrderLine { ProductId = "p1", Quantity = 1 }], new ContactInfo { Email = "a@example.com" }),
        new("고객-7", "s1", [new OrderLine { ProductId = "p\"<&>", Quantity = 1000 }, new OrderLine { ProductId = "p2", Quantity = 3 }],
            new ContactInfo { Phone = "+821012345678" }),
        new("c\u00e9", "s", [], new ContactInfo { Email = "x+y@example.com", Phone = "010" }),
    ];

    [Theory]
    [MemberData(nameof(Orders))]
    public void The_hash_is_byte_for_byte_the_one_earlier_releases_computed(ValidOrder order) =>
        Assert.Equal(Reflected(order), RequestHash.Of(order));

    [Fact]
    public void Another_quantity_or_address_is_another_hash()
    {
        var order = new ValidOrder("c1", "s1", [new OrderLine { ProductId = "p1", Quantity = 1 }], new ContactInfo { Email = "a@example.com" });
        Assert.NotEqual(RequestHash.Of(order), RequestHash.Of(order with { Items = [new OrderLine { ProductId = "p1", Quantity = 2 }] }));
        Assert.NotEqual(RequestHash.Of(order), RequestHash.Of(order with { Contact = new ContactInfo { Email = "b@example.com" } }));
    }
}
