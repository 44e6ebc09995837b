using Dapper;

namespace OrderPipeline.Integration.Tests.DeadLetters;

/// <summary>On-call's bulk tools against the real pipeline: dry run, paced replay with progress and cancel, discard by filter, ownership.</summary>
[Collection(PipelineCollection.Name)]
public sealed class BulkTriageTests(PipelineFixture pipeline)
{
    async Task<JsonElement> WaitForJobAsync(long jobId, Func<JsonElement, bool> condition, string what) =>
        await Eventually.GetAsync(() => pipeline.JsonAsync(HttpMethod.Get, $"/admin/dead-letters/replay-jobs/{jobId}"), condition,
            TimeSpan.FromSeconds(60), what);

    async Task<long> CountAsync(string sql, object? parameters = null) => await pipeline.Database.ScalarAsync<long>(sql, parameters);

    [Fact]
    public async Task A_dry_run_changes_nothing_and_a_paced_group_replay_brings_every_order_to_its_final_state_once()
    {
        var failed = await pipeline.FailedOrdersAsync(6, "mailbox quota exceeded for bulk replay case");

        var dryRun = await pipeline.JsonAsync(HttpMethod.Post, "/admin/dead-letters/replay",
            new { filter = new { fingerprint = failed.Fingerprint }, dryRun = true });
        Assert.True(dryRun.GetProperty("dryRun").GetBoolean());
        Assert.Equal(6, dryRun.GetProperty("matched").GetInt64());
        Assert.Equal("notify-email", Assert.Single(dryRun.GetProperty("byQueue").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(failed.Ids, dryRun.GetProperty("sampleIds").EnumerateArray().Select(i => i.GetInt64()).ToList());
        Assert.Equal(6, await CountAsync("SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'New'", new { fingerprint = failed.Fingerprint }));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM replay_jobs WHERE selection->>'fingerprint' = @fingerprint", new { fingerprint = failed.Fingerprint }));

        // The cause is fixed; replay the whole group at 5 messages/s in batches of 2.
        pipeline.Providers.Fail(failed.Email, times: 0, status: 200);
        using var response = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, "/admin/dead-letters/replay",
            body: new { filter = new { fingerprint = failed.Fingerprint }, ratePerSecond = 5, batchSize = 2 }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var jobId = job.GetProperty("id").GetInt64();
        Assert.Equal($"/admin/dead-letters/replay-jobs/{jobId}", response.Headers.Location!.OriginalString);
        Assert.Equal(6, job.GetProperty("total").GetInt32());

        var done = await WaitForJobAsync(jobId, j => j.GetProperty("status").GetString() == "Done", "the replay job to finish");
        Assert.Equal(6, done.GetProperty("replayed").GetInt32());
        Assert.Equal(0, done.GetProperty("skipped").GetInt32());
        Assert.Equal(0, done.GetProperty("remaining").GetInt32());
        // Paced: three batches of two at 5/s cannot take less than 0.8 s between the first and the last.
        var took = done.GetProperty("finishedAt").GetDateTimeOffset() - done.GetProperty("startedAt").GetDateTimeOffset();
        Assert.True(took >= TimeSpan.FromSeconds(0.8), $"6 messages at 5/s took only {took}");

        foreach (var orderId in failed.Orders)
        {
            await pipeline.AssertEmailSentOnceAsync(orderId);
        }

        Assert.Equal(6, await CountAsync(
            "SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'Replayed' AND replayed_by = 'dev-oncall' AND replay_job_id = @jobId",
            new { fingerprint = failed.Fingerprint, jobId }));
        Assert.Equal(6, await CountAsync("SELECT count(*) FROM triage_audit WHERE action = 'replay' AND fingerprint = @fingerprint AND actor = 'dev-oncall'", new { fingerprint = failed.Fingerprint }));
        Assert.Equal(0, (await pipeline.JsonAsync(HttpMethod.Get, $"/admin/dead-letters/replay-jobs/{jobId}")).GetProperty("failedAgain").GetInt64());
    }

    [Fact]
    public async Task A_replay_that_fails_again_is_counted_and_links_the_new_rows_and_a_cancel_stops_a_running_job()
    {
        // Not fixed: replayed messages fail again and come back as new rows linked to the replayed ones.
        var failed = await pipeline.FailedOrdersAsync(2, "recipient blocked for failed again case");
        var job = await pipeline.JsonAsync(HttpMethod.Post, "/admin/dead-letters/replay", new { ids = failed.Ids, ratePerSecond = 100 });
        var jobId = job.GetProperty("id").GetInt64();
        var done = await WaitForJobAsync(jobId, j => j.GetProperty("status").GetString() == "Done" && j.GetProperty("failedAgain").GetInt64() == 2,
            "both replayed messages to fail again");
        Assert.Equal(2, done.GetProperty("replayed").GetInt32());
        foreach (var orderId in failed.Orders)
        {
            var rows = await DeadLetterRows.ForOrderAsync(pipeline.Database, orderId);
            Assert.Equal(2, rows.Count);
            Assert.Equal(["Replayed", "New"], rows.Select(r => r.Status));
            Assert.Equal(rows[0].Id, await pipeline.Database.ScalarAsync<long>("SELECT replay_of FROM dead_letters WHERE id = @p1", new { p1 = rows[1].Id }));
        }

        // A slow job over many rows, cancelled once it has started: it stops, and the rest stay New for another day.
        var many = await pipeline.FailedOrdersAsync(8, "mailbox disabled for cancel case");
        var slow = await pipeline.JsonAsync(HttpMethod.Post, "/admin/dead-letters/replay",
            new { filter = new { fingerprint = many.Fingerprint }, ratePerSecond = 1, batchSize = 1 });
        var slowId = slow.GetProperty("id").GetInt64();
        await WaitForJobAsync(slowId, j => j.GetProperty("replayed").GetInt32() >= 1, "the first message replayed");
        var cancelling = await pipeline.JsonAsync(HttpMethod.Post, $"/admin/dead-letters/replay-jobs/{slowId}/cancel");
        Assert.Contains(cancelling.GetProperty("status").GetString(), new[] { "Cancelling", "Cancelled" });
        var cancelled = await WaitForJobAsync(slowId, j => j.GetProperty("status").GetString() == "Cancelled", "the job to stop");
        var replayed = cancelled.GetProperty("replayed").GetInt32();
        Assert.InRange(replayed, 1, 7);
        Assert.Equal("dev-oncall", cancelled.GetProperty("cancelledBy").GetString());
        Assert.Equal(8 - replayed, await CountAsync("SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'New' AND id = ANY(@p2)",
            new { fingerprint = many.Fingerprint, p2 = many.Ids.ToArray() }));
        using var again = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, $"/admin/dead-letters/replay-jobs/{slowId}/cancel"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Discard_by_filter_needs_a_reason_marks_the_whole_group_and_audits_each_row()
    {
        var failed = await pipeline.FailedOrdersAsync(3, "address syntax rejected for discard case");
        using (var noReason = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, "/admin/dead-letters/discard",
                   body: new { filter = new { fingerprint = failed.Fingerprint } })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var nothing = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Post, "/admin/dead-letters/discard", body: new { reason = "all of it" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        }

        var dryRun = await pipeline.JsonAsync(HttpMethod.Post, "/admin/dead-letters/discard", new { filter = new { fingerprint = failed.Fingerprint }, dryRun = true });
        Assert.Equal(3, dryRun.GetProperty("matched").GetInt64());
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'New'", new { fingerprint = failed.Fingerprint }));

        var discarded = await pipeline.JsonAsync(HttpMethod.Post, "/admin/dead-letters/discard",
            new { filter = new { fingerprint = failed.Fingerprint }, reason = "shopper typed a bad address; support will call" });
        Assert.Equal(3, discarded.GetProperty("discarded").GetInt32());
        Assert.Equal(3, await CountAsync(
            "SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'Discarded' AND discarded_by = 'dev-oncall' AND discard_reason = @p2",
            new { fingerprint = failed.Fingerprint, p2 = "shopper typed a bad address; support will call" }));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM triage_audit WHERE action = 'discard' AND fingerprint = @fingerprint AND dead_letter_id = ANY(@p2)",
            new { fingerprint = failed.Fingerprint, p2 = failed.Ids.ToArray() }));
        // Only New rows are touched: a second discard finds nothing.
        var second = await pipeline.JsonAsync(HttpMethod.Post, "/admin/dead-letters/discard", new { ids = failed.Ids, reason = "again" });
        Assert.Equal(0, second.GetProperty("discarded").GetInt32());
    }

    [Fact]
    public async Task A_group_has_one_owner_at_a_time_and_carries_notes()
    {
        var failed = await pipeline.FailedOrdersAsync(1, "greylisted for ownership case");
        var path = $"/admin/dead-letters/groups/{failed.Fingerprint}";

        var owner = await pipeline.JsonAsync(HttpMethod.Put, $"{path}/assignee", new { assignee = "alice" });
        Assert.Equal("alice", owner.GetProperty("assignee").GetString());
        Assert.Equal("dev-oncall", owner.GetProperty("assignedBy").GetString());

        using (var clash = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Put, $"{path}/assignee", "dev-admin-key", new { assignee = "bob" })))
        {
            Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
            Assert.Contains("alice", await clash.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var takenOver = await pipeline.JsonAsync(HttpMethod.Put, $"{path}/assignee", new { assignee = "bob", takeOver = true });
        Assert.Equal("bob", takenOver.GetProperty("assignee").GetString());
        var note = await pipeline.JsonAsync(HttpMethod.Post, $"{path}/notes", new { text = "gateway greylists new domains; retry after 10 min" });
        Assert.Equal("dev-oncall", note.GetProperty("author").GetString());

        var group = await pipeline.JsonAsync(HttpMethod.Get, path);
        Assert.Equal("bob", group.GetProperty("owner").GetProperty("assignee").GetString());
        Assert.Equal("gateway greylists new domains; retry after 10 min", Assert.Single(group.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString());
        var listed = (await pipeline.JsonAsync(HttpMethod.Get, "/admin/dead-letters/groups")).EnumerateArray()
            .Single(g => g.GetProperty("fingerprint").GetString() == failed.Fingerprint);
        Assert.Equal("bob", listed.GetProperty("assignee").GetString());
        Assert.Equal(1, listed.GetProperty("notes").GetInt32());
        Assert.Equal(new[] { "assign", "assign", "note" }, await AuditActionsAsync(failed.Fingerprint));

        using (var missing = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Put, "/admin/dead-letters/groups/nope/assignee", body: new { assignee = "x" })))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var release = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Delete, $"{path}/assignee"));
        Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM dead_letter_group_owners WHERE fingerprint = @fingerprint", new { fingerprint = failed.Fingerprint }));
    }

    [Theory]
    [InlineData("{}", "selection")]
    [InlineData("""{"ids": []}""", "ids")]
    [InlineData("""{"filter": {"queue": "notify"}, "ratePerSecond": 0}""", "ratePerSecond")]
    [InlineData("""{"filter": {"queue": "notify"}, "batchSize": 501}""", "batchSize")]
    [InlineData("""{"filter": {"queue": 5}}""", "filter")]
    public async Task A_bulk_replay_that_is_not_valid_gets_a_400_naming_the_field_and_starts_nothing(string body, string field)
    {
        var before = await CountAsync("SELECT count(*) FROM replay_jobs");
        using var request = AdminApi.Request(HttpMethod.Post, "/admin/dead-letters/replay");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await pipeline.AdminHttp.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM replay_jobs"));
    }

    async Task<List<string>> AuditActionsAsync(string fingerprint)
    {
        await using var connection = pipeline.Database.DataSource.CreateConnection();
        return (await connection.QueryAsync<string>("SELECT action FROM triage_audit WHERE fingerprint = @fingerprint ORDER BY id", new { fingerprint })).AsList();
    }
}
