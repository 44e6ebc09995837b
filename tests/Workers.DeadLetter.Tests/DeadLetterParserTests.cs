using System.Text;
using OrderPipeline.DeadLetter.DeadLetters;
using RabbitMQ.Client;
using Xunit;

namespace OrderPipeline.Workers.DeadLetter.Tests;

public sealed class DeadLetterParserTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    static byte[] Envelope(string orderId) => Encoding.UTF8.GetBytes($$$"""
        {"messageId":"0b5f0000-1111-2222-3333-444455556666","correlationId":"c-1","messageType":["urn:message:OrderPipeline.Contracts:SubmitOrder"],
         "message":{"orderId":"{{{orderId}}}","sellerId":"farm-1"}}
        """);

    static Dictionary<string, object?> FaultHeaders(string message = "Order ord_0123456789abcdef0123456789abcdef failed after 3 tries") => new()
    {
        ["MT-Fault-ExceptionType"] = Encoding.UTF8.GetBytes("System.InvalidOperationException"),
        ["MT-Fault-Message"] = Encoding.UTF8.GetBytes(message),
        ["MT-Fault-StackTrace"] = Encoding.UTF8.GetBytes("   at Somewhere()"),
        ["MT-Fault-ConsumerType"] = Encoding.UTF8.GetBytes("OrderPipeline.Business.Orders.SubmitOrderConsumer"),
        ["MT-Fault-Timestamp"] = Encoding.UTF8.GetBytes("2026-11-23T11:59:00.0000000Z"),
        ["MT-Fault-RetryCount"] = 3,
        ["MT-Redelivery-Count"] = 4,
    };

    [Fact]
    public void A_faulted_envelope_yields_every_field()
    {
        var row = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_1"), FaultHeaders(), "m-1", null, "application/vnd.masstransit+json"), Now);

        Assert.Equal("orders", row.Queue);
        Assert.Equal("orders_error", row.SourceQueue);
        Assert.Equal("Faulted", row.Kind);
        Assert.Equal("OrderPipeline.Contracts:SubmitOrder", row.MessageType);
        Assert.Equal("0b5f0000-1111-2222-3333-444455556666", row.MessageId);
        Assert.Equal("c-1", row.CorrelationId);
        Assert.Equal("ord_1", row.OrderId);
        Assert.Equal("farm-1", row.SellerId);
        Assert.Equal("System.InvalidOperationException", row.ExceptionType);
        Assert.Equal("   at Somewhere()", row.StackTrace);
        Assert.Equal(7, row.RetryCount);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 11, 59, 0, TimeSpan.Zero), row.FirstFailedAt);
        Assert.Equal(Now, row.MovedAt);
        Assert.Null(row.ParseError);
        Assert.Equal("System.InvalidOperationException", row.Headers.RootElement.GetProperty("MT-Fault-ExceptionType").GetString());
        Assert.Equal(3, row.Headers.RootElement.GetProperty("MT-Fault-RetryCount").GetInt64());
    }

    [Fact]
    public void Failures_of_the_same_cause_share_a_fingerprint_whatever_the_ids_and_numbers()
    {
        var a = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_1"), FaultHeaders("Order ord_0123456789abcdef0123456789abcdef failed after 3 tries"), "m-1", null, null), Now);
        var b = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_2"), FaultHeaders("Order ord_fedcba9876543210fedcba9876543210 failed after 12 tries"), "m-2", null, null), Now);
        var other = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_3"), FaultHeaders("Connection refused"), "m-3", null, null), Now);

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, other.Fingerprint);
        Assert.NotEqual(a.DedupeKey, b.DedupeKey);
        Assert.Equal(
            DeadLetterParser.Fingerprint("E", "x", "consumer-a").Length,
            DeadLetterParser.Fingerprint("E", "x", "consumer-b").Length);
        Assert.NotEqual(DeadLetterParser.Fingerprint("E", "x", "consumer-a"), DeadLetterParser.Fingerprint("E", "x", "consumer-b"));
    }

    [Fact]
    public void The_same_message_twice_has_one_dedupe_key()
    {
        var first = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_1"), FaultHeaders(), "m-1", null, null), Now);
        var again = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_1"), FaultHeaders(), "m-1", null, null), Now.AddMinutes(1));
        var refaulted = DeadLetterParser.Parse(new RawMessage("orders_error", Envelope("ord_1"),
            new Dictionary<string, object?>(FaultHeaders()) { ["MT-Fault-Timestamp"] = Encoding.UTF8.GetBytes("2026-11-23T12:30:00Z") }, "m-1", null, null), Now);

        Assert.Equal(first.DedupeKey, again.DedupeKey);
        Assert.NotEqual(first.DedupeKey, refaulted.DedupeKey);
    }

    [Fact]
    public void A_delivery_limit_dead_letter_names_its_queue_from_x_death()
    {
        var headers = new Dictionary<string, object?>
        {
            ["x-death"] = new List<object?>
            {
                new Dictionary<string, object?> { ["queue"] = Encoding.UTF8.GetBytes("orders"), ["reason"] = Encoding.UTF8.GetBytes("delivery_limit"), ["count"] = 1L, ["time"] = new AmqpTimestamp(1_790_000_000) },
            },
        };

        var row = DeadLetterParser.Parse(new RawMessage("delivery_limit", Envelope("ord_9"), headers, null, null, null), Now);

        Assert.Equal("DeliveryLimit", row.Kind);
        Assert.Equal("orders", row.Queue);
        Assert.Equal("DeliveryLimitExceeded", row.ExceptionType);
        Assert.Equal("ord_9", row.OrderId);
        Assert.Equal("delivery_limit", row.Headers.RootElement.GetProperty("x-death")[0].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0x00, 0x10 })]
    [InlineData(new byte[] { (byte)'[', (byte)'1', (byte)']' })]
    [InlineData(new byte[0])]
    public void Bodies_that_are_not_envelopes_are_kept_whole_with_a_parse_error(byte[] body)
    {
        var row = DeadLetterParser.Parse(new RawMessage("notify_error", body, new Dictionary<string, object?>(), "m", null, null), Now);
        Assert.Equal(body, row.Body);
        Assert.NotNull(row.ParseError);
        Assert.Equal("notify", row.Queue);
        Assert.Equal("m", row.MessageId);
    }

    [Fact]
    public void A_notice_batch_that_failed_as_a_whole_is_one_dead_letter_per_notice_each_replayable_alone()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"messageId":"0b5f0000-1111-2222-3333-444455556666","messageType":["urn:message:OrderPipeline.Contracts:ShopperEmails"],
             "message":{"notices":[{"orderId":"ord_1","kind":"OrderConfirmed","to":"a@b.co","itemCount":1},
                                   {"orderId":"ord_2","kind":"OrderRejected","to":"b@b.co","itemCount":0}]},"headers":{}}
            """);
        var raw = new RawMessage("notify-email_error", body, FaultHeaders("Shopper gateway unreachable"), "m-1", null, "application/vnd.masstransit+json");

        var rows = DeadLetterParser.ParseAll(raw, Now);

        Assert.Equal(["ord_1", "ord_2"], rows.Select(r => r.OrderId));
        Assert.All(rows, r => Assert.Equal(("notify-email", "OrderPipeline.Contracts:ShopperEmails", "0b5f0000-1111-2222-3333-444455556666"),
            (r.Queue, r.MessageType, r.MessageId)));
        Assert.Equal(2, rows.Select(r => r.DedupeKey).Distinct().Count());
        // Each body is the same envelope with its notice alone; moving the same message again yields the same keys.
        var notices = rows.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetProperty("notices")).ToList();
        Assert.All(notices, n => Assert.Equal(1, n.GetArrayLength()));
        Assert.Equal("b@b.co", notices[1][0].GetProperty("to").GetString());
        Assert.Equal(rows.Select(r => r.DedupeKey), DeadLetterParser.ParseAll(raw, Now.AddMinutes(1)).Select(r => r.DedupeKey));
        // A batch of one, and any other message, is one row.
        Assert.Equal("ord_1", Assert.Single(DeadLetterParser.ParseAll(raw with { Body = rows[0].Body }, Now)).OrderId);
        Assert.Single(DeadLetterParser.ParseAll(new RawMessage("orders_error", Envelope("ord_3"), FaultHeaders(), "m-3", null, null), Now));
    }
}
