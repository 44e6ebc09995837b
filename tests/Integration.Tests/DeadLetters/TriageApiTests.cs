namespace OrderPipeline.Integration.Tests.DeadLetters;

[Collection(PipelineCollection.Name)]
public sealed class TriageApiTests(PipelineFixture pipeline)
{
    static HttpRequestMessage Admin(HttpMethod method, string path, string? key = AdminApi.OnCallKey, object? body = null) =>
        AdminApi.Request(method, path, key, body);

    Task<JsonElement> AdminJsonAsync(HttpMethod method, string path, object? body = null) => pipeline.JsonAsync(method, path, body);

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized)]
    [InlineData("dev-developer-key", HttpStatusCode.Forbidden)]
    [InlineData("dev-oncall-key", HttpStatusCode.OK)]
    [InlineData("dev-admin-key", HttpStatusCode.OK)]
    public async Task The_admin_API_needs_a_known_key_with_the_oncall_role(string? key, HttpStatusCode expected)
    {
        using var response = await pipeline.AdminHttp.SendAsync(Admin(HttpMethod.Get, "/admin/dead-letters", key));
        Assert.Equal(expected, response.StatusCode);
        using var discard = await pipeline.AdminHttp.SendAsync(Admin(HttpMethod.Post, "/admin/dead-letters/999999999999/discard", key, new { reason = "x" }));
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.NotFound : expected, discard.StatusCode);
    }

    [Fact]
    public async Task A_group_replayed_after_the_cause_is_fixed_brings_every_order_to_its_final_state_once()
    {
        var product = OrderApi.Unique("broken");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 10);
        var email = $"{OrderApi.Unique("outage")}@example.com";
        pipeline.Providers.Fail(email, times: 1000, status: 400);
        var orders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email)));
        }

        var rows = await Eventually.GetAsync(async () => (await Task.WhenAll(orders.Select(o => DeadLetterRows.FindAsync(pipeline.Database, o)))).ToList(),
            r => r.All(x => x is not null), TimeSpan.FromSeconds(30), "three dead letters");
        var fingerprint = Assert.Single(rows.Select(r => r!.Fingerprint).Distinct());

        var groups = await AdminJsonAsync(HttpMethod.Get, "/admin/dead-letters/groups");
        var group = groups.EnumerateArray().Single(g => g.GetProperty("fingerprint").GetString() == fingerprint);
        Assert.Equal(3, group.GetProperty("count").GetInt64());
        Assert.Equal("notify-email", group.GetProperty("queue").GetString());

        // The cause is fixed: the gateway takes this address again. Replay the whole group.
        pipeline.Providers.Fail(email, times: 0, status: 400);
        var page = await AdminJsonAsync(HttpMethod.Get, $"/admin/dead-letters?fingerprint={fingerprint}&status=New");
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Count);
        foreach (var id in ids)
        {
            var result = await AdminJsonAsync(HttpMethod.Post, $"/admin/dead-letters/{id}/replay");
            Assert.Equal("Replayed", result.GetProperty("status").GetString());
            Assert.Equal("dev-oncall", result.GetProperty("by").GetString());
        }

        foreach (var orderId in orders)
        {
            await pipeline.AssertEmailSentOnceAsync(orderId);
        }

        using var again = await pipeline.AdminHttp.SendAsync(Admin(HttpMethod.Post, $"/admin/dead-letters/{ids[0]}/replay"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(3, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM triage_audit WHERE action = 'replay' AND actor = 'dev-oncall' AND fingerprint = @fingerprint", new { fingerprint }));
        Assert.Equal(3, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'Replayed' AND replayed_by = 'dev-oncall'", new { fingerprint }));
    }

    [Fact]
    public async Task Discard_needs_a_reason_and_keeps_the_row_for_audit()
    {
        var product = OrderApi.Unique("junk");
        await pipeline.PutProductAsync(OrderApi.Unique("grower"), product, 100m, stock: 10);
        var email = $"{OrderApi.Unique("junk")}@example.com";
        pipeline.Providers.Fail(email, times: 1000, status: 422);
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("cust"), product, 1, email: email));
        var row = await Eventually.GetAsync(() => DeadLetterRows.FindAsync(pipeline.Database, orderId), r => r is not null, TimeSpan.FromSeconds(30), "the dead letter");

        var found = await AdminJsonAsync(HttpMethod.Get, $"/admin/dead-letters?orderId={orderId}");
        Assert.Equal(row!.Id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var detail = await AdminJsonAsync(HttpMethod.Get, $"/admin/dead-letters/{row.Id}");
        Assert.Equal(Convert.ToBase64String(row.Body), detail.GetProperty("bodyBase64").GetString());
        Assert.Contains(orderId, detail.GetProperty("bodyText").GetString(), StringComparison.Ordinal);

        using (var noReason = await pipeline.AdminHttp.SendAsync(Admin(HttpMethod.Post, $"/admin/dead-letters/{row.Id}/discard", body: new { reason = " " })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        Assert.Equal("New", await pipeline.Database.ScalarAsync<string>("SELECT status FROM dead_letters WHERE id = @id", new { id = row.Id }));

        var discarded = await AdminJsonAsync(HttpMethod.Post, $"/admin/dead-letters/{row.Id}/discard", new { reason = "test address, never deliverable" });
        Assert.Equal("Discarded", discarded.GetProperty("status").GetString());
        Assert.Equal("test address, never deliverable",
            await pipeline.Database.ScalarAsync<string>("SELECT discard_reason FROM dead_letters WHERE id = @id AND status = 'Discarded'", new { id = row.Id }));
        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM triage_audit WHERE action = 'discard' AND dead_letter_id = @id AND detail = 'test address, never deliverable'", new { id = row.Id }));
    }
}
