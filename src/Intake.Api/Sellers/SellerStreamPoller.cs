using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// One query every <see cref="SellerStream.PollInterval"/> for the newest event of every seller with an open stream here (none
/// when nobody listens), waking the streams of those with news: the safety net for a lost wake-up, whatever the number of streams.
/// </summary>
public sealed class SellerStreamPoller(SellerStreamHub hub, NpgsqlDataSource dataSource, ILogger<SellerStreamPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SellerStream.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var sellers = hub.Sellers;
            if (sellers.Length == 0)
            {
                continue;
            }

            try
            {
                foreach (var (sellerId, latest) in await dataSource.QueryAsync<(string, long)>(
                    "SELECT seller_id, max(id) FROM seller_events WHERE seller_id = ANY(@sellers) GROUP BY seller_id", new { sellers }, stoppingToken))
                {
                    hub.Wake(sellerId, latest);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Polling the seller feeds failed; streams still wake on new events");
            }
        }
    }
}
