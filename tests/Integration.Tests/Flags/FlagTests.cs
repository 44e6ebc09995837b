namespace OrderPipeline.Integration.Tests.Flags;

[Collection(PipelineCollection.Name)]
public sealed class FlagTests(PipelineFixture pipeline)
{
    const string DeveloperKey = FlagApi.DeveloperKey;

    Task<(HttpStatusCode Status, JsonElement Body)> SetAsync(string name, object body, string key = DeveloperKey) => pipeline.SetAsync(name, body, key);

    [Fact]
    public async Task Turning_intake_off_answers_503_and_publishes_nothing_and_turning_it_on_resumes_intake()
    {
        var product = OrderApi.Unique("flagged");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 10);
        var order = OrderApi.Order(OrderApi.Unique("cust"), product, 1);
        try
        {
            var (status, off) = await SetAsync("Intake.AcceptOrders", new { enabled = false, reason = "incident 42: payment provider down" });
            Assert.True(status == HttpStatusCode.OK, $"{status} {off}\n{pipeline.HostOutput}");
            Assert.False(off.GetProperty("enabled").GetBoolean());
            Assert.Equal("dev-developer", off.GetProperty("updatedBy").GetString());
            var version = off.GetProperty("version").GetInt64();
            Assert.True(version > 0);

            // The flip reaches the API through the broadcast (or, at worst, the periodic reload).
            var paused = await Eventually.GetAsync(async () => await OrderApi.PostAsync(pipeline.Http, order),
                r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15), "intake to pause");
            Assert.Equal("application/problem+json", paused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("30", paused.Headers.RetryAfter?.ToString());
            Assert.Contains("Intake.AcceptOrders", await paused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var published = await pipeline.PublishedOrdersAsync();
            using (var again = await OrderApi.PostAsync(pipeline.Http, order))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
            }

            Assert.Equal(published, await pipeline.PublishedOrdersAsync());

            var history = await HistoryAsync("Intake.AcceptOrders");
            var change = history.EnumerateArray().First();
            Assert.Equal(version, change.GetProperty("version").GetInt64());
            Assert.Equal("dev-developer", change.GetProperty("actor").GetString());
            Assert.True(change.GetProperty("oldEnabled").GetBoolean());
            Assert.False(change.GetProperty("newEnabled").GetBoolean());
            Assert.Equal("incident 42: payment provider down", change.GetProperty("reason").GetString());
        }
        finally
        {
            var (status, on) = await SetAsync("Intake.AcceptOrders", new { enabled = true, reason = "incident 42 resolved" });
            Assert.True(status == HttpStatusCode.OK, $"{status} {on}\n{pipeline.HostOutput}");
        }

        var resumed = await Eventually.GetAsync(async () => await OrderApi.PostAsync(pipeline.Http, order),
            r => r.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(15), "intake to resume");
        var orderId = resumed.Headers.Location!.OriginalString.Split('/')[^1];
        await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
    }

    [Fact]
    public async Task A_flip_needs_a_known_flag_a_reason_and_the_developer_role_and_a_refused_flip_changes_nothing()
    {
        var before = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM feature_flag_changes");
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync("Intake.NoSuchFlag", new { enabled = false, reason = "x" })).Status);
        var (noReason, problem) = await SetAsync("Notify.Send", new { enabled = false });
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await SetAsync("Business.PricingV2", new { enabled = true, reason = "x", rolloutPercentage = 101 })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SetAsync("Notify.Send", new { enabled = false, reason = "x" }, AdminApi.OnCallKey)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SetAsync("Notify.Send", new { enabled = false, reason = "x" }, "nope")).Status);
        Assert.Equal(before, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM feature_flag_changes"));

        using var list = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Get, "/admin/flags", DeveloperKey));
        var flags = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(flags.EnumerateArray(), f => f.GetProperty("name").GetString() == "Notify.Send" && f.GetProperty("enabled").GetBoolean());
        Assert.Equal(7, flags.GetArrayLength());
    }

    async Task<JsonElement> HistoryAsync(string name)
    {
        using var response = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Get, $"/admin/flags/{name}/history", DeveloperKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
