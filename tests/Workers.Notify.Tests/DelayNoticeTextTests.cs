using OrderPipeline.Contracts;
using OrderPipeline.Notify.Delays;
using Xunit;

namespace OrderPipeline.Workers.Notify.Tests;

public sealed class DelayNoticeTextTests
{
    static readonly DelayNoticeChunk Chunk = new()
    {
        DelayId = Guid.Parse("0190f3c4-0000-7000-8000-000000000001"), SellerId = "farm", ProductId = "corn", NewShipDate = new DateOnly(2026, 12, 24),
        Reason = "Rain", Chunk = 0,
    };

    [Fact]
    public void A_delay_chunk_is_one_template_and_one_message_per_order_keyed_by_order_delay_and_channel()
    {
        var (template, messages) = DelayNoticeConsumer.Notices(Chunk, new DelayNoticeConsumer.Claimed("email", ["o1", "o2"], ["a@x", "b@x"], false, null));

        Assert.Equal(new("Order {orderId}: new ship date 2026-12-24", "Your order {orderId} will now ship on 2026-12-24: Rain"), template);
        Assert.Equal(["o1:Delayed:0190f3c4000070008000000000000001:email", "o2:Delayed:0190f3c4000070008000000000000001:email"], messages.Select(m => m.IdempotencyKey));
        Assert.Equal(["a@x", "b@x"], messages.Select(m => m.To));
        Assert.All(messages, m => Assert.Null(m.Orders));
    }

    [Fact]
    public void Grouped_one_message_per_recipient_lists_its_orders_and_a_text_has_no_subject()
    {
        var (template, messages) = DelayNoticeConsumer.Notices(Chunk,
            new DelayNoticeConsumer.Claimed("sms", ["o1", "o2", "o3", "o4"], ["+82-a", "+82-a", "+82-b", "+82-a"], true, null));

        Assert.Null(template.Subject);
        Assert.Equal("New ship date 2026-12-24 for your order(s) {orders}: Rain", template.Text);
        Assert.Equal([("o1", "o1, o2", "+82-a"), ("o3", "o3", "+82-b"), ("o4", "o4", "+82-a")], messages.Select(m => (m.OrderId, m.Orders, m.To)));
        Assert.Equal("o1:Delayed:0190f3c4000070008000000000000001:sms", messages[0].IdempotencyKey);
    }

    [Fact]
    public void A_correction_says_the_date_it_replaces_and_has_keys_of_its_own_kind()
    {
        var (template, messages) = DelayNoticeConsumer.Notices(Chunk,
            new DelayNoticeConsumer.Claimed("sms", ["o1"], ["+82-a"], false, new DateOnly(2026, 12, 30)));

        Assert.Equal("Correction: your order {orderId} will now ship on 2026-12-24, not 2026-12-30 as we told you: Rain", template.Text);
        Assert.Equal("o1:DelayCorrected:0190f3c4000070008000000000000001:sms", Assert.Single(messages).IdempotencyKey);
    }
}
