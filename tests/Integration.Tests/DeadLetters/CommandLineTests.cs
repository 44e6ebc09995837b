namespace OrderPipeline.Integration.Tests.DeadLetters;

/// <summary><c>opctl dead-letters</c> against the run's API, as on-call types it.</summary>
[Collection(PipelineCollection.Name)]
public sealed class CommandLineTests(PipelineFixture pipeline)
{
    Task<(int Code, string Output, string Error)> OpctlAsync(string key, params string[] args) => pipeline.OpctlAsync(key, args);

    Task<(int Code, string Output, string Error)> OnCallAsync(params string[] args) => OpctlAsync(AdminApi.OnCallKey, args);

    [Fact]
    public async Task On_call_finds_assigns_annotates_and_replays_a_failure_group_from_the_terminal()
    {
        var failed = await pipeline.FailedOrdersAsync(2, "mailbox unavailable for command line case");
        var fingerprint = failed.Fingerprint;

        var groups = await OnCallAsync("dead-letters", "groups", "--status", "New");
        Assert.Equal(0, groups.Code);
        Assert.Contains(fingerprint, groups.Output, StringComparison.Ordinal);

        var list = await OnCallAsync("dl", "list", "--order", failed.Orders[0]);
        Assert.Equal(0, list.Code);
        Assert.Contains(failed.Orders[0], list.Output, StringComparison.Ordinal);
        Assert.Contains("ProviderException: Shopper gateway answered 400", list.Output, StringComparison.Ordinal);

        var wrongKey = await OpctlAsync("not-a-key", "dead-letters", "groups");
        Assert.Equal(1, wrongKey.Code);
        Assert.Contains("401", wrongKey.Error, StringComparison.Ordinal);

        var noReason = await OnCallAsync("dead-letters", "discard", failed.Ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(0, noReason.Code);
        var noBulkReason = await OnCallAsync("dead-letters", "bulk-discard", "--fingerprint", fingerprint);
        Assert.Equal(1, noBulkReason.Code);
        Assert.Contains("reason", noBulkReason.Error, StringComparison.Ordinal);
        Assert.Equal(2, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status = 'New'", new { fingerprint }));

        Assert.Contains("alice", (await OnCallAsync("dead-letters", "assign", fingerprint, "alice")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await OnCallAsync("dead-letters", "note", fingerprint, "mail host was down; fixed 10:42")).Code);
        var group = await OnCallAsync("dead-letters", "group", fingerprint);
        Assert.Contains("owner alice", group.Output, StringComparison.Ordinal);
        Assert.Contains("mail host was down; fixed 10:42", group.Output, StringComparison.Ordinal);

        var dryRun = await OnCallAsync("dead-letters", "replay-group", fingerprint, "--dry-run");
        Assert.Contains("dry run: 2 dead letters would replay", dryRun.Output, StringComparison.Ordinal);

        pipeline.Providers.Fail(failed.Email, times: 0, status: 200);
        var replay = await OnCallAsync("dead-letters", "replay-group", fingerprint, "--rate", "100", "--wait");
        Assert.Equal(0, replay.Code);
        Assert.Contains("Done: 2/2 replayed, 0 skipped", replay.Output, StringComparison.Ordinal);
        foreach (var orderId in failed.Orders)
        {
            await pipeline.AssertEmailSentOnceAsync(orderId);
        }
    }
}
