namespace OrderPipeline.Integration.Tests.Flags;

/// <summary><c>opctl flags</c> against the run's API, as a developer types it during an incident.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FlagCommandLineTests(PipelineFixture pipeline)
{
    Task<(int Code, string Output, string Error)> OpctlAsync(string key, params string[] args) => pipeline.OpctlAsync(key, args);

    [Fact]
    public async Task A_developer_flips_a_flag_from_the_terminal_and_sees_every_instance_apply_it()
    {
        var changes = await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM feature_flag_changes WHERE name = 'Notify.Channel.Email'");

        // Refused before anything is written: no reason, a wrong state, the on-call key (no developer role), an unknown flag.
        Assert.NotEqual(0, (await OpctlAsync(FlagApi.DeveloperKey, "flags", "set", "Notify.Channel.Email", "off")).Code);
        Assert.NotEqual(0, (await OpctlAsync(FlagApi.DeveloperKey, "flags", "set", "Notify.Channel.Email", "maybe", "--reason", "x")).Code);
        var forbidden = await OpctlAsync(AdminApi.OnCallKey, "flags", "set", "Notify.Channel.Email", "off", "--reason", "x");
        Assert.Equal(1, forbidden.Code);
        Assert.Contains("403", forbidden.Error, StringComparison.Ordinal);
        var unknown = await OpctlAsync(FlagApi.DeveloperKey, "flags", "show", "Notify.Channel.Fax");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("404", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(changes, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM feature_flag_changes WHERE name = 'Notify.Channel.Email'"));

        try
        {
            var off = await OpctlAsync(FlagApi.DeveloperKey, "flags", "set", "Notify.Channel.Email", "off", "--reason", "mail provider outage", "--wait", "15");
            Assert.True(off.Code == 0, off.Output + off.Error);
            Assert.Contains("Notify.Channel.Email is off", off.Output, StringComparison.Ordinal);
            Assert.Matches(@"(\d+) of \1 instances applied version \d+", off.Output);
            Assert.Contains("Workers.Notify@", off.Output, StringComparison.Ordinal);
            Assert.Contains("notify-email", off.Output, StringComparison.Ordinal); // the notify worker's paused queue

            var list = await OpctlAsync(FlagApi.DeveloperKey, "flags", "list");
            Assert.Matches(@"Notify\.Channel\.Email\s+off\s+\d+", list.Output);
            var history = await OpctlAsync(FlagApi.DeveloperKey, "flags", "history", "Notify.Channel.Email");
            Assert.Matches(@"dev-developer\s+on\s+off\s+mail provider outage", history.Output);
        }
        finally
        {
            var on = await OpctlAsync(FlagApi.DeveloperKey, "flags", "set", "Notify.Channel.Email", "on", "--reason", "mail provider back");
            Assert.True(on.Code == 0, on.Output + on.Error);
        }

        Assert.Equal(changes + 2, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM feature_flag_changes WHERE name = 'Notify.Channel.Email'"));
        Assert.True(await pipeline.Database.ScalarAsync<bool>("SELECT enabled FROM feature_flags WHERE name = 'Notify.Channel.Email'"));
    }
}
