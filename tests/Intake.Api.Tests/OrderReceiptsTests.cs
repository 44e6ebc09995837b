using OrderPipeline.Intake.Orders;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class OrderReceiptsTests
{
    readonly OrderReceipts _receipts = new("unit-test-receipt-key-0123456789abcdef");

    [Fact]
    public void A_fresh_receipt_is_genuine_and_unique()
    {
        var a = _receipts.New();
        var b = _receipts.New();
        Assert.True(_receipts.IsGenuine(a));
        Assert.NotEqual(a, b);
        Assert.StartsWith("ord_", a, StringComparison.Ordinal);
        Assert.Equal(OrderReceipts.Length, a.Length);
    }

    [Fact]
    public void Idempotency_receipts_depend_on_customer_and_key_only()
    {
        Assert.Equal(_receipts.ForIdempotencyKey("c1", "k"), _receipts.ForIdempotencyKey("c1", "k"));
        Assert.Equal(_receipts.ForIdempotencyKey("c1", "k"), new OrderReceipts("unit-test-receipt-key-0123456789abcdef").ForIdempotencyKey("c1", "k"));
        Assert.NotEqual(_receipts.ForIdempotencyKey("c1", "k"), _receipts.ForIdempotencyKey("c2", "k"));
        Assert.NotEqual(_receipts.ForIdempotencyKey("c1", "k"), _receipts.ForIdempotencyKey("c1", "k2"));
        // The separator keeps ("c1", "2k") and ("c12", "k") apart.
        Assert.NotEqual(_receipts.ForIdempotencyKey("c1", "2k"), _receipts.ForIdempotencyKey("c12", "k"));
        Assert.True(_receipts.IsGenuine(_receipts.ForIdempotencyKey("c1", "k")));
    }

    [Fact]
    public void Tampered_foreign_or_malformed_receipts_are_not_genuine()
    {
        var receipt = _receipts.New();
        var flipped = receipt[..10] + (receipt[10] == 'a' ? 'b' : 'a') + receipt[11..];
        Assert.False(_receipts.IsGenuine(flipped));
        Assert.False(_receipts.IsGenuine(new OrderReceipts("another-key-0123456789abcdef-0123456").New()));
        Assert.False(_receipts.IsGenuine(receipt.ToUpperInvariant()));
        Assert.False(_receipts.IsGenuine("ord_" + receipt[4..].ToUpperInvariant()));
        Assert.False(_receipts.IsGenuine(receipt[..^1]));
        Assert.False(_receipts.IsGenuine(receipt + "0"));
        Assert.False(_receipts.IsGenuine("ord_" + new string('z', OrderReceipts.Length - 4)));
        Assert.False(_receipts.IsGenuine(null));
        Assert.False(_receipts.IsGenuine(""));
    }
}
