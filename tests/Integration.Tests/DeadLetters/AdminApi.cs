namespace OrderPipeline.Integration.Tests.DeadLetters;

/// <summary>The admin API as on-call uses it, with the development on-call key unless told otherwise.</summary>
public static class AdminApi
{
    public const string OnCallKey = "dev-oncall-key";

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key = OnCallKey, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    public static async Task<JsonElement> JsonAsync(this PipelineFixture pipeline, HttpMethod method, string path, object? body = null)
    {
        using var response = await pipeline.For(path).SendAsync(Request(method, path, OnCallKey, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Orders whose e-mail the gateway refuses with <paramref name="status"/> and <paramref name="reason"/> until told otherwise,
    /// and their dead letters once moved: one failure group per distinct reason.
    /// </summary>
    public static async Task<(string Email, List<string> Orders, List<long> Ids, string Fingerprint)> FailedOrdersAsync(
        this PipelineFixture pipeline, int count, string reason, int status = 400)
    {
        var product = OrderApi.Unique("dl");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 1000);
        var email = $"{OrderApi.Unique("bulk")}@example.com";
        pipeline.Providers.Fail(email, times: 100_000, status: status, reason: reason);
        var orders = new List<string>();
        for (var i = 0; i < count; i++)
        {
            orders.Add(await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email)));
        }

        var rows = await Eventually.GetAsync(async () => (await Task.WhenAll(orders.Select(o => DeadLetterRows.FindAsync(pipeline.Database, o)))).ToList(),
            r => r.All(x => x is not null), TimeSpan.FromSeconds(60), $"{count} dead letters");
        return (email, orders, rows.Select(r => r!.Id).Order().ToList(), Assert.Single(rows.Select(r => r!.Fingerprint).Distinct()));
    }

    /// <summary>Waits for the order's e-mail to be recorded as sent, then checks the gateway accepted it exactly once.</summary>
    public static async Task AssertEmailSentOnceAsync(this PipelineFixture pipeline, string orderId, string? diagnostics = null)
    {
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
            "SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'email'", new { orderId }) == "Sent", TimeSpan.FromSeconds(60),
            $"{orderId} notified{(diagnostics is null ? "" : "\n" + diagnostics)}");
        Assert.Single(pipeline.Providers.ForOrder(orderId), r => r.Status == 200 && r.IdempotencyKey.EndsWith(":email", StringComparison.Ordinal));
    }

    /// <summary>Runs <c>opctl</c> against the run's API with <paramref name="key"/>, as someone types it.</summary>
    public static async Task<(int Code, string Output, string Error)> OpctlAsync(this PipelineFixture pipeline, string key, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await OrderPipeline.Opctl.Cli.RunAsync([.. args, "--api", pipeline.Admin.BaseAddress.ToString(), "--key", key], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
