using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Npgsql;
using OrderPipeline.Hosting.Flags;
using Xunit.Abstractions;

namespace OrderPipeline.Integration.Tests.Flags;

[Collection(PipelineCollection.Name)]
public sealed class FlagPropagationTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    [Fact]
    public async Task A_flip_reaches_every_process_within_2_seconds_and_each_acknowledges_the_version_it_applied()
    {
        var (status, flipped) = await pipeline.SetAsync("Business.PricingV2", new { enabled = false, reason = "propagation measurement" });
        Assert.True(status == System.Net.HttpStatusCode.OK, $"{status} {flipped}");
        var version = flipped.GetProperty("version").GetInt64();
        string[] services = ["Intake.Api", "Workers.Business", "Workers.Notify", "Workers.DeadLetter"];

        var flag = await Eventually.GetAsync(() => pipeline.GetFlagAsync("Business.PricingV2"), f => services.All(s =>
                f.GetProperty("propagation").GetProperty("instances").EnumerateArray().Any(i =>
                    i.GetProperty("service").GetString() == s && i.GetProperty("appliedVersion").GetInt64() >= version)),
            TimeSpan.FromSeconds(15), "every service to acknowledge the flip");

        var propagation = flag.GetProperty("propagation");
        output.WriteLine(propagation.GetProperty("summary").GetString());
        var applied = propagation.GetProperty("instances").EnumerateArray()
            .Where(i => i.GetProperty("appliedVersion").GetInt64() == version && i.GetProperty("tookSeconds").ValueKind == System.Text.Json.JsonValueKind.Number)
            .ToList();
        foreach (var instance in applied)
        {
            output.WriteLine($"{instance.GetProperty("instance").GetString()}: {instance.GetProperty("tookSeconds").GetDouble():0.000} s");
        }

        // At least three separate processes (one per service here), each applying the flip in under 2 s.
        Assert.True(applied.Select(i => i.GetProperty("processId").GetInt32()).Distinct().Count() >= 3, propagation.ToString());
        Assert.All(applied, i => Assert.InRange(i.GetProperty("tookSeconds").GetDouble(), 0, 2.0));
        Assert.Equal(version, propagation.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task An_instance_that_does_not_acknowledge_within_the_deadline_is_named()
    {
        var silent = $"Workers.Silent@test:{Environment.ProcessId}:{Guid.NewGuid():N}";
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO flag_instances (instance_id, service, host, process_id, started_at, applied_version, applied_at, heartbeat_at, database_reads, paused_queues)
            VALUES (@silent, 'Workers.Silent', 'test', 1, now() - interval '1 hour', 0, now() - interval '1 hour', now(), 1, '{}')
            """, new { silent });
        try
        {
            await pipeline.SetAsync("Business.PricingV2", new { enabled = false, reason = "laggard check" });
            // The silent instance is alive (it keeps its heartbeat) but never applies anything.
            var flag = await Eventually.GetAsync(async () =>
                {
                    await pipeline.Database.ExecuteAsync("UPDATE flag_instances SET heartbeat_at = now() WHERE instance_id = @silent", new { silent });
                    return await pipeline.GetFlagAsync("Business.PricingV2");
                },
                f => f.GetProperty("propagation").GetProperty("laggards").EnumerateArray().Any(l => l.GetString() == silent),
                TimeSpan.FromSeconds(15), "the silent instance to be named after the 2 s deadline");
            var propagation = flag.GetProperty("propagation");
            Assert.Contains($"not acknowledged within 2 s: ", propagation.GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Contains(silent, propagation.GetProperty("summary").GetString(), StringComparison.Ordinal);
            var row = propagation.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("instance").GetString() == silent);
            Assert.Equal("Late", row.GetProperty("state").GetString());
            Assert.True(propagation.GetProperty("applied").GetInt32() < propagation.GetProperty("live").GetInt32());
        }
        finally
        {
            await pipeline.Database.ExecuteAsync("DELETE FROM flag_instances WHERE instance_id = @silent", new { silent });
        }
    }

    [Fact]
    public async Task Flag_reads_on_the_hot_path_do_not_touch_the_database()
    {
        // The flag stack every host uses, on this run's database; Npgsql traces every command it sends.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Pipeline"] = pipeline.Database.ConnectionString });
        builder.Services.AddSingleton(NpgsqlDataSource.Create(pipeline.Database.ConnectionString));
        builder.AddPipelineFlags();
        using var host = builder.Build();
        var cache = host.Services.GetRequiredService<FlagCache>();
        var features = host.Services.GetRequiredService<IFeatureManager>();
        Assert.True(await cache.LoadAsync(CancellationToken.None));
        Assert.Equal(1, cache.DatabaseReads);

        // Count the Npgsql commands sent within this test's own trace (other tests' queries are other traces).
        using var marker = new ActivitySource("OrderPipeline.Tests.HotPath");
        var commands = 0;
        ActivityTraceId trace = default;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "OrderPipeline.Tests.HotPath",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = a =>
            {
                if (a.Source.Name == "Npgsql" && a.TraceId == trace)
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var scope = marker.StartActivity("flag-hot-path")!;
        trace = scope.TraceId;
        // The listener sees commands: one probe query proves it is listening.
        await using (var probe = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 1"))
        {
            await probe.ExecuteScalarAsync();
        }

        Assert.Equal(1, Volatile.Read(ref commands));

        var on = 0;
        for (var i = 0; i < 10_000; i++)
        {
            on += await features.IsEnabledAsync(KnownFlags.AcceptOrders) ? 1 : 0;
            on += await features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = $"customer-{i}" }) ? 1 : 0;
        }

        Assert.True(on >= 10_000, $"{on}");
        Assert.Equal(1, Volatile.Read(ref commands)); // only the probe: 20,000 evaluations sent no command
        Assert.Equal(1, cache.DatabaseReads);
    }
}
