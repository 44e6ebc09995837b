using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Telemetry;

namespace OrderPipeline.Integration.Tests.Faults;

/// <summary>
/// <see cref="PublishWatch"/> on a real MassTransit bus and broker: publishes failing with none confirmed for 15 s make it
/// close the bus's connection, MassTransit opens a new one (a new client port) and publishes are confirmed on it; failures
/// within 15 s of a confirm, or of the last reopening, leave the connection alone. (Why a connection can need it: a channel
/// that RabbitMQ 3.10 rejects for good after a quorum queue's leader died, ADR 13; shown end to end by bench/cluster/run.sh.)
/// </summary>
public sealed class PublishWatchTests
{
    sealed class ManualClock : TimeProvider
    {
        long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    sealed record Ping(int N);

    static SellerFeedsAppended Blocked(int n) => new() { SellerIds = [$"s{n}"] };

    [Fact]
    public async Task Publishes_failing_with_none_confirmed_for_15_s_reopen_the_bus_connection_and_publishing_goes_on()
    {
        await using var vhost = await TestVhost.CreateAsync();
        var clock = new ManualClock();
        await using var provider = Services(vhost, clock, null);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            var watch = provider.GetRequiredService<PublishWatch>();
            var host = (IRabbitMqHostConfiguration)provider.GetRequiredService<IBusInstance>().HostConfiguration;
            await bus.Publish(new Ping(1));
            var first = await LocalPortAsync(host);

            // Failing, but within 15 s of the start: left alone.
            clock.Advance(TimeSpan.FromSeconds(14));
            watch.Failed();
            await watch.Reopening;
            Assert.Equal(first, await LocalPortAsync(host));

            // A confirm, then failures for 14 s: still left alone.
            watch.Confirmed();
            clock.Advance(TimeSpan.FromSeconds(14));
            watch.Failed();
            await watch.Reopening;
            Assert.Equal(first, await LocalPortAsync(host));

            // None confirmed for 16 s: the connection is closed and MassTransit opens another one, on which a publish is confirmed.
            clock.Advance(TimeSpan.FromSeconds(2));
            watch.Failed();
            await watch.Reopening.WaitAsync(TimeSpan.FromSeconds(15));
            var second = await NewConnectionAsync(bus, host, first);

            // Still failing right after: not reopened again within 15 s of the last time.
            watch.Failed();
            await watch.Reopening;
            Assert.Equal(second, await LocalPortAsync(host));
        }
        finally
        {
            await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
    }

    [Fact]
    public async Task Publishes_the_broker_refuses_with_none_confirmed_for_3_s_reopen_the_bus_connection()
    {
        await using var vhost = await TestVhost.CreateAsync();
        var clock = new ManualClock();
        // Every SellerFeedsAppended (any message type: this vhost has no consumer) is refused (nacked) by the broker: its queue is full (length 0, reject-publish). MassTransit tries again on
        // the same channel until the publish's token ends; the watch hears each attempt as a publish observer.
        await using var provider = Services(vhost, clock, cfg => cfg.Publish<SellerFeedsAppended>(p => p.BindQueue(p.Exchange.ExchangeName, "full", queue =>
        {
            queue.SetQueueArgument("x-max-length", 0);
            queue.SetQueueArgument("x-overflow", "reject-publish");
        })));
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            var watch = provider.GetRequiredService<PublishWatch>();
            var host = (IRabbitMqHostConfiguration)provider.GetRequiredService<IBusInstance>().HostConfiguration;
            await bus.Publish(new Ping(1)); // confirmed, and heard as such
            var first = await LocalPortAsync(host);

            // Refused 1 s after a confirm: left alone.
            clock.Advance(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<Exception>(() => bus.Publish(Blocked(1), new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token));
            await watch.Reopening;
            Assert.Equal(first, await LocalPortAsync(host));

            // Refused 4 s after the last confirm: the connection is reopened, and a publish is confirmed on the new one.
            clock.Advance(TimeSpan.FromSeconds(3));
            await Assert.ThrowsAnyAsync<Exception>(() => bus.Publish(Blocked(2), new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token));
            await watch.Reopening.WaitAsync(TimeSpan.FromSeconds(15));
            await NewConnectionAsync(bus, host, first);
        }
        finally
        {
            await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
    }

    /// <summary>A MassTransit bus on <paramref name="vhost"/> of the real broker, with the watch (on <paramref name="clock"/>) hearing its publishes.</summary>
    static ServiceProvider Services(TestVhost vhost, ManualClock clock, Action<IRabbitMqBusFactoryConfigurator>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(NpgsqlDataSource.Create(TestEnvironment.ConnectionString("postgres"))); // never opened: the flag gauges are not read
        services.AddSingleton<FlagCache>();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton(sp => new PublishWatch(sp, clock, sp.GetRequiredService<PipelineMetrics>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PublishWatch>>()));
        services.AddMassTransit(x => x.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host("127.0.0.1", vhost.Name, h =>
            {
                h.Username(TestEnvironment.RabbitUser);
                h.Password(TestEnvironment.RabbitPassword);
            });
            cfg.ConnectPublishObserver(context.GetRequiredService<PublishWatch>());
            configure?.Invoke(cfg);
        }));
        return services.BuildServiceProvider(true);
    }

    /// <summary>The client port of the connection a publish was next confirmed on, once it is not <paramref name="old"/>'s.</summary>
    static Task<int> NewConnectionAsync(IBus bus, IRabbitMqHostConfiguration host, int old) => Eventually.GetAsync(async () =>
    {
        try
        {
            await bus.Publish(new Ping(2));
            return await LocalPortAsync(host);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return old;
        }
    }, port => port != old, TimeSpan.FromSeconds(30), "a publish confirmed on a new connection");

    static async Task<int> LocalPortAsync(IRabbitMqHostConfiguration host)
    {
        var port = 0;
        await host.ConnectionContextSupervisor.Send(Pipe.Execute<ConnectionContext>(context => port = context.Connection.LocalPort),
            new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        return port;
    }
}
