using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using static OrderPipeline.Opctl.ApiCommands;

namespace OrderPipeline.Opctl.Orders;

/// <summary><c>opctl orders show ID</c>: "what happened to order X" (key with the on-call, developer or seller-admin role).</summary>
public static class OrderCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kit = new ApiCommands(output, error, "oncall, developer or seller-admin");
        var orderId = new Argument<string>("order-id") { Description = "The order's id, e.g. ord_…" };
        var show = kit.Define("show", "An order's status, items, notifications (with the provider's last answer), delays and dead letters.", [orderId],
            async (p, c, ct) =>
            {
                var story = await c.GetAsync($"admin/orders/{Uri.EscapeDataString(p.GetValue(orderId)!)}", ct);
                await kit.Print(p, story, v => Describe(Terminal.For(output), v));
            });
        return kit.Group("orders", "Orders as the pipeline decided and told them.", show);
    }

    static void Describe(IAnsiConsole console, JsonElement o)
    {
        console.WriteLine($"order {Text(o, "orderId")}: {Text(o, "status")}" + (Text(o, "rejectionReason") is { Length: > 0 } r ? $" ({r})" : ""));
        console.WriteLine($"  customer {Text(o, "customerId")}, seller {Text(o, "sellerId")}, total {Text(o, "total")} {Text(o, "currency")}, " +
                          $"ships {Text(o, "shipDate")}" + (Text(o, "delayReason") is { Length: > 0 } d ? $" (delayed: {d})" : ""));
        console.WriteLine($"  accepted {Time(o, "acceptedAt")}, last change {Time(o, "updatedAt")}" +
                          (Text(o, "saleId") is { Length: > 0 } sale ? $", sale {sale} place {Text(o, "laneTicket")}" : ""));
        console.Write(Terminal.Table(["LINE", "PRODUCT", "NAME", "QTY", "UNIT PRICE"], o.GetProperty("items").EnumerateArray().Select(i => new[]
        {
            Text(i, "lineNo"), Text(i, "productId"), Text(i, "name"), Text(i, "quantity"), Text(i, "unitPrice"),
        })));
        console.Write(Terminal.Table(["NOTICE", "CHANNEL", "STATUS", "ATTEMPTS", "LAST ANSWER", "AT"], o.GetProperty("notifications").EnumerateArray().Select(n => new[]
        {
            Text(n, "kind"), Text(n, "channel"), Text(n, "status"), Text(n, "attempts"), Shorten(Text(n, "lastError"), 60), Time(n, "updatedAt"),
        })));
        console.Write(Terminal.Table(["DELAY", "PRODUCT", "NEW DATE", "STATE", "REASON"], o.GetProperty("delays").EnumerateArray().Select(d => new[]
        {
            Text(d, "delayId"), Text(d, "productId"), Text(d, "newShipDate"), Text(d, "state"), Shorten(Text(d, "reason"), 50),
        })));
        console.Write(Terminal.Table(["DEAD LETTER", "QUEUE", "STATUS", "EXCEPTION", "MOVED"], o.GetProperty("deadLetters").EnumerateArray().Select(d => new[]
        {
            Text(d, "id"), Text(d, "queue"), Text(d, "status"), Text(d, "exceptionType"), Time(d, "movedAt"),
        })));
    }
}
