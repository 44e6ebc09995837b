using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrderPipeline.Contracts;

namespace OrderPipeline.Hosting.Flags;

/// <summary>
/// Reloads the flags before the bus starts (so endpoints start with the real flags; at most <c>Flags:StartupLoadSeconds</c>,
/// default 5, then the defaults), on every <see cref="FlagChanged"/> event, and every <c>Flags:RefreshSeconds</c> (default 10)
/// as a safety net. It reports this instance's applied version after each load and every <c>Flags:HeartbeatSeconds</c> (default 5).
/// </summary>
public sealed class FlagRefresher(FlagCache cache, FlagInstanceReporter reporter, IConfiguration configuration) : BackgroundService
{
    readonly Channel<long> _signals = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Signal(long version) => _signals.Writer.TryWrite(version);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(configuration.GetValue("Flags:StartupLoadSeconds", 5)));
        try
        {
            await cache.LoadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is slow to answer: start on the defaults, the loop below keeps trying.
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await reporter.RemoveAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refresh = TimeSpan.FromSeconds(configuration.GetValue("Flags:RefreshSeconds", 10));
        var heartbeat = TimeSpan.FromSeconds(configuration.GetValue("Flags:HeartbeatSeconds", 5));
        var nextLoad = cache.LoadedAt is null ? TimeSpan.Zero : refresh;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loadDue = clock.Elapsed + nextLoad;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (clock.Elapsed >= loadDue)
            {
                await cache.LoadAsync(stoppingToken);
                loadDue = clock.Elapsed + (cache.LastError is null ? refresh : TimeSpan.FromSeconds(1));
            }

            await reporter.ReportAsync(stoppingToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var untilLoad = loadDue - clock.Elapsed;
            wait.CancelAfter(untilLoad < heartbeat ? untilLoad < TimeSpan.Zero ? TimeSpan.Zero : untilLoad : heartbeat);
            try
            {
                await _signals.Reader.ReadAsync(wait.Token);
                loadDue = clock.Elapsed; // a flip: load now
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // a heartbeat, or the periodic refresh
            }
        }
    }
}
