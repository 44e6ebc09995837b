namespace OrderPipeline.Integration.Tests.Faults;

/// <summary>
/// One fault of the suite: what it does to the running pipeline, a third of the way into a steady load, and which queues it may
/// leave dead letters in (the only ones it must produce; replaying them completes the orders).
/// </summary>
public sealed record Fault(string Name, Func<FaultPipeline, bool, Task> InjectAsync, params string[] DeadLetterQueues)
{
    public override string ToString() => Name;

    /// <summary>Whether the suite runs in full (<c>OP_FAULTS=full</c>: the outages last as long as the issue says) or short, as in .ci/run.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("OP_FAULTS") == "full";

    static TimeSpan Outage(int fullSeconds, int shortSeconds) => TimeSpan.FromSeconds(Full ? fullSeconds : shortSeconds);

    public static readonly IReadOnlyList<Fault> All =
    [
        Kill("Workers.Business"),
        Kill("Workers.Notify"),
        Kill("Workers.DeadLetter"),
        TwoKillOne("Workers.Business"),
        TwoKillOne("Workers.Notify"),
        TwoKillOne("Workers.DeadLetter"),
        new("RabbitMQ restarted", async (_, _) =>
        {
            await Servers.StopRabbitMqAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await Servers.StartRabbitMqAsync();
        }),
        new("PostgreSQL restarted, unreachable for 30 s", async (pipeline, _) =>
        {
            await Servers.StopPostgresAsync();
            await Task.Delay(Outage(30, 10));
            await Servers.StartPostgresAsync();
            pipeline.Database.DataSource.Clear(); // the suite's own pooled connections died with the server
        }, "orders", "notify-email", "notify-webhook"),
        new("gateway answers 50 % errors", async (pipeline, _) =>
        {
            pipeline.Providers.GatewayErrorRate = 0.5;
            await Task.Delay(Outage(20, 8));
            pipeline.Providers.GatewayErrorRate = 0;
        }, "notify-email"),
        new("gateway times out", async (pipeline, _) =>
        {
            pipeline.Providers.GatewayDelay = TimeSpan.FromSeconds(3);
            await Task.Delay(Outage(20, 8));
            pipeline.Providers.GatewayDelay = TimeSpan.Zero;
        }, "notify-email"),
        new("gateway down for 60 s", async (pipeline, _) =>
        {
            pipeline.Gateway.Cut();
            await Task.Delay(Outage(60, 15));
            pipeline.Gateway.Restore();
        }, "notify-email"),
        new("one seller's webhook down, others up", async (pipeline, _) =>
        {
            pipeline.SellerAHost.Cut();
            await Task.Delay(Outage(30, 10));
            pipeline.SellerAHost.Restore();
        }, "notify-webhook"),
        new("SIGTERM of everything with orders in flight", async (pipeline, _) =>
        {
            await pipeline.StopEverythingAsync();
            foreach (var project in FaultPipeline.Projects)
            {
                await pipeline.StartAsync(project);
            }
        }),
    ];

    static Fault Kill(string project) => new($"kill -9 {project}, restarted", async (pipeline, _) =>
    {
        await pipeline.KillAsync(pipeline.Hosts(project)[0]);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await pipeline.StartAsync(project);
    });

    /// <summary>A second instance is started before the load (the injection runs a third of the way in, so it is already working), one is killed.</summary>
    static Fault TwoKillOne(string project) => new($"two {project}, one killed", async (pipeline, _) =>
    {
        await pipeline.KillAsync(pipeline.Hosts(project)[0]);
    }) { Before = pipeline => pipeline.StartAsync(project) };

    /// <summary>What has to be in place before the load starts.</summary>
    public Func<FaultPipeline, Task>? Before { get; init; }
}
