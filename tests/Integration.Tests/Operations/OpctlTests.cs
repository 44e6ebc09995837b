using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrderPipeline.Integration.Tests.Operations;

/// <summary>
/// opctl as an operator uses it: installed as a .NET tool by the one documented command, then the queue board, an order's story,
/// and a seller's products, keys, webhook test and a delay followed to its last notice.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class OpctlTests(PipelineFixture pipeline)
{
    Task<(int Code, string Output, string Error)> OpctlAsync(string key, params string[] args) =>
        pipeline.OpctlAsync(key, args[0] == "sellers" ? [.. args, "--intake", pipeline.Api.BaseAddress.ToString()] : args);

    [Fact]
    public async Task Script_install_opctl_installs_the_tool_and_it_answers_as_opctl()
    {
        var tools = Directory.CreateTempSubdirectory("opctl-tool-").FullName;
        try
        {
            var (installCode, installOutput) = await RunAsync(Path.Combine(TestEnvironment.RepositoryRoot, "script", "install-opctl"), "--tool-path", tools);
            Assert.True(installCode == 0, installOutput);
            var opctl = Path.Combine(tools, "opctl");
            Assert.True(File.Exists(opctl), $"no {opctl} after install:\n{installOutput}");

            var (code, output) = await RunAsync(opctl, "queues", "--api", pipeline.Admin.BaseAddress.ToString(), "--key", AdminApi.OnCallKey);
            Assert.True(code == 0, output);
            Assert.Matches(@"(?m)^\s*orders\s+work\s+\d+\s+\d+\s+[1-9]", output); // the business worker consumes orders
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    [Fact]
    public async Task Queues_show_each_work_queue_with_its_consumers_and_refuse_a_key_without_the_role()
    {
        var board = await OpctlAsync(AdminApi.OnCallKey, "queues");
        Assert.True(board.Code == 0, board.Output + board.Error);
        foreach (var queue in (string[])["orders", "orders-sale", "delays", "notify-email", "notify-sms", "notify-webhook", "notify-delays"])
        {
            Assert.Contains(queue, board.Output, StringComparison.Ordinal);
        }

        Assert.Matches(@"(?m)^\s*orders_error\s+error\s+\d+", board.Output);
        var seller = await OpctlAsync("dev-seller-farm-key", "queues");
        Assert.Equal(1, seller.Code);
        Assert.Contains("403", seller.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_show_tells_an_orders_status_items_and_notices_and_says_when_there_is_no_such_order()
    {
        var seller = OrderApi.Unique("op-seller");
        var product = OrderApi.Unique("op-product");
        await pipeline.PutProductAsync(seller, product, 12_500m, 10);
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("op-shopper"), product, 2));
        await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");

        var story = await Eventually.GetAsync(() => OpctlAsync(AdminApi.OnCallKey, "orders", "show", orderId),
            r => r.Code == 0 && r.Output.Contains("Sent", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the confirmation e-mail to be sent");
        Assert.Contains($"order {orderId}: Confirmed", story.Output, StringComparison.Ordinal);
        Assert.Contains($"seller {seller}, total 25000", story.Output, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^\s*1\s+{product}\s+\S.*\s2\s+12500", story.Output);
        Assert.Matches(@"(?m)^\s*\S+\s+email\s+Sent\s+1\b", story.Output);

        var missing = await OpctlAsync(AdminApi.OnCallKey, "orders", "show", "ord_does_not_exist");
        Assert.Equal(1, missing.Code);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seller_admin_sets_a_product_issues_a_key_and_follows_a_delay_until_every_shopper_is_told()
    {
        var seller = OrderApi.Unique("op-seller");
        var product = OrderApi.Unique("op-product");
        var set = await OpctlAsync(PipelineFixture.SellerAdminKey, "sellers", "product", seller, product, "--name", "Apple box", "--price", "9900", "--stock", "5");
        Assert.True(set.Code == 0, set.Output + set.Error);
        var listed = await OpctlAsync(PipelineFixture.SellerAdminKey, "sellers", "products", seller);
        Assert.Matches($@"(?m)^\s*{product}\s+Apple box\s+9900(\.0+)? KRW\s+5\b", listed.Output);

        var issued = await OpctlAsync(PipelineFixture.SellerAdminKey, "sellers", "issue-key", seller);
        Assert.True(issued.Code == 0, issued.Output + issued.Error);
        var keyId = Regex.Match(issued.Output, @"key (\S+) for").Groups[1].Value;
        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_api_keys WHERE seller_id = @seller AND key_id = @keyId", new { seller, keyId }));
        Assert.Contains(keyId, (await OpctlAsync(PipelineFixture.SellerAdminKey, "sellers", "keys", seller)).Output, StringComparison.Ordinal);

        var orders = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            orders.Add(await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("op-shopper"), product, 1)));
        }

        foreach (var order in orders)
        {
            await OrderApi.WaitForStatusAsync(pipeline.Http, order, "Confirmed");
        }

        var delay = await OpctlAsync(PipelineFixture.SellerAdminKey, "sellers", "delay", seller, product, "--date", "2030-01-15", "--reason", "harvest late",
            "--watch");
        Assert.True(delay.Code == 0, delay.Output + delay.Error);
        Assert.Matches(@"delay \S+ Done: 2 orders, 2 notices, 2 sent, 0 failed", delay.Output);
        foreach (var order in orders)
        {
            Assert.Equal("Delayed", await pipeline.Database.ScalarAsync<string>("SELECT status FROM orders WHERE order_id = @order", new { order }));
        }

        var noWebhook = await OpctlAsync(PipelineFixture.SellerAdminKey, "sellers", "webhook-test", seller);
        Assert.Equal(1, noWebhook.Code);
        Assert.Contains("has no webhook", noWebhook.Error, StringComparison.Ordinal);
    }

    static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
