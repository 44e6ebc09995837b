using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using static OrderPipeline.Opctl.ApiCommands;

namespace OrderPipeline.Opctl.Sellers;

/// <summary>
/// <c>opctl sellers ...</c>: a seller's keys and products, a webhook test, and a delay declared and watched to the last notice.
/// Keys and the product list go to the admin host; products, webhook tests and delays to the intake's seller API, with the same
/// key (a seller-admin key acts for any seller there).
/// </summary>
public static class SellerCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kit = new ApiCommands(output, error, "seller-admin");
        var intake = new Option<string>("--intake")
        {
            Description = "Intake base URL, for the seller API (default: $OPCTL_INTAKE or http://127.0.0.1:5080).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OPCTL_INTAKE") ?? "http://127.0.0.1:5080",
            Recursive = true,
        };
        var seller = new Argument<string>("seller-id") { Description = "The seller, e.g. seller-farm." };
        AdminClient Intake(ParseResult p) => AdminClient.Create(p.GetValue(intake)!, p.GetValue(kit.Key));
        string Path(ParseResult p, string rest) => $"sellers/{Uri.EscapeDataString(p.GetValue(seller)!)}/{rest}";

        var keys = kit.Define("keys", "A seller's API keys (ids only; a key is shown once, when issued).", [seller], async (p, c, ct) =>
            await kit.Print(p, await c.GetAsync("admin/" + Path(p, "api-keys"), ct), v => Table(output, ["KEY ID", "CREATED", "BY", "REVOKED", "BY"],
                v.EnumerateArray().Select(k => new[] { Text(k, "keyId"), Time(k, "createdAt"), Text(k, "createdBy"), Time(k, "revokedAt"), Text(k, "revokedBy") }))));

        var issue = kit.Define("issue-key", "Issue a key for the seller; it is printed once.", [seller], async (p, c, ct) =>
            await kit.Print(p, await c.PostAsync("admin/" + Path(p, "api-keys"), null, ct),
                v => output.WriteLine($"key {Text(v, "keyId")} for {Text(v, "sellerId")}: {Text(v, "key")}\n(shown once: hand it to the seller now)")));

        var keyId = new Argument<string>("key-id") { Description = "The key's id (see `opctl sellers keys`)." };
        var revoke = kit.Define("revoke-key", "Revoke one of the seller's keys at once.", [seller, keyId], async (p, c, ct) =>
            await kit.Print(p, await c.DeleteAsync("admin/" + Path(p, $"api-keys/{Uri.EscapeDataString(p.GetValue(keyId)!)}"), ct),
                v => output.WriteLine($"key {Text(v, "keyId")} of {Text(v, "sellerId")} revoked {Time(v, "revokedAt")} by {Text(v, "revokedBy")}")));

        var products = kit.Define("products", "The seller's products: price, stock, ship date.", [seller], async (p, c, ct) =>
            await kit.Print(p, await c.GetAsync("admin/" + Path(p, "products"), ct), v => Table(output, ["PRODUCT", "NAME", "PRICE", "STOCK", "SHIPS", "UPDATED"],
                v.EnumerateArray().Select(x => new[]
                {
                    Text(x, "productId"), Text(x, "name"), $"{Text(x, "unitPrice")} {Text(x, "currency")}", Text(x, "stock"), Text(x, "shipDate"), Time(x, "updatedAt"),
                }))));

        var productId = new Argument<string>("product-id") { Description = "The product, e.g. apple-box." };
        var name = new Option<string>("--name") { Description = "Name shown to shoppers.", Required = true };
        var price = new Option<decimal>("--price") { Description = "Unit price.", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 code.", DefaultValueFactory = _ => "KRW" };
        var stock = new Option<int>("--stock") { Description = "Units in stock.", Required = true };
        var shipDate = new Option<DateOnly?>("--ship-date") { Description = "When it ships (YYYY-MM-DD)." };
        var product = kit.Define("product", "Create or replace one of the seller's products (the intake's PUT).", [seller, productId, name, price, currency, stock, shipDate],
            async (p, _, ct) =>
            {
                using var api = Intake(p);
                var body = new { name = p.GetValue(name), unitPrice = p.GetValue(price), currency = p.GetValue(currency), stock = p.GetValue(stock), shipDate = p.GetValue(shipDate) };
                await kit.Print(p, await api.PutAsync(Path(p, $"products/{Uri.EscapeDataString(p.GetValue(productId)!)}"), body, ct),
                    v => output.WriteLine($"product {Text(v, "productId")}: {Text(v, "name")}, {Text(v, "unitPrice")} {Text(v, "currency")}, stock {Text(v, "stock")}"));
            });

        var webhookTest = kit.Define("webhook-test", "Send the seller's webhook a signed test event and show what it answered.", [seller], async (p, _, ct) =>
        {
            using var api = Intake(p);
            await kit.Print(p, await api.PostAsync(Path(p, "webhook/test"), null, ct), v => output.WriteLine(
                $"{(v.GetProperty("delivered").GetBoolean() ? "delivered" : "not delivered")}: {Text(v, "url")} answered {Text(v, "status")} in {Text(v, "milliseconds")} ms" +
                (Text(v, "error") is { Length: > 0 } e ? $" ({e})" : "")));
        });

        var newDate = new Option<DateOnly>("--date") { Description = "The new ship date (YYYY-MM-DD).", Required = true };
        var reason = new Option<string>("--reason") { Description = "What shoppers are told.", Required = true };
        var watch = new Option<bool>("--watch") { Description = "Follow the notices until every shopper has been told." };
        var delay = kit.Define("delay", "Declare a shipping delay of the product's open orders, and (--watch) follow the notices going out.",
            [seller, productId, newDate, reason, watch], async (p, _, ct) =>
            {
                using var api = Intake(p);
                var declared = await api.PostAsync(Path(p, $"products/{Uri.EscapeDataString(p.GetValue(productId)!)}/delays"),
                    new { newShipDate = p.GetValue(newDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason = p.GetValue(reason) }, ct);
                var delayId = Text(declared, "delayId");
                if (!p.GetValue(watch))
                {
                    await kit.Print(p, declared, v => output.WriteLine(Progress(v)));
                    return;
                }

                await Terminal.FollowAsync(Terminal.For(output), $"delay {delayId}", async token =>
                {
                    var d = await api.GetAsync(Path(p, $"delays/{delayId}"), token);
                    var notices = d.GetProperty("notices").GetInt32();
                    var told = d.GetProperty("notified").GetInt32() + d.GetProperty("failed").GetInt32();
                    return new Terminal.Step(told, notices, Text(d, "state") == "Done", Progress(d));
                }, TimeSpan.FromMilliseconds(500), ct);
            });

        var command = kit.Group("sellers", "Sellers' keys, products, webhooks and delays.", keys, issue, revoke, products, product, webhookTest, delay);
        command.Options.Add(intake);
        return command;
    }

    static string Progress(JsonElement d) =>
        $"delay {Text(d, "delayId")} {Text(d, "state")}: {Text(d, "affected")} orders, {Text(d, "notices")} notices, {Text(d, "notified")} sent, " +
        $"{Text(d, "failed")} failed, {Text(d, "deferred")} deferred, {Text(d, "pending")} pending";
}
