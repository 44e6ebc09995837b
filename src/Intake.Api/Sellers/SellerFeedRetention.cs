using Npgsql;

namespace OrderPipeline.Intake.Sellers;

/// <summary>Deletes feed events older than an hour, every few minutes (any instance may; the work is idempotent).</summary>
public sealed class SellerFeedRetention(NpgsqlDataSource dataSource, ILogger<SellerFeedRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var command = dataSource.CreateCommand("DELETE FROM seller_events WHERE at < now() - interval '1 hour'");
                var deleted = await command.ExecuteNonQueryAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} seller feed events older than an hour", deleted);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Seller feed retention failed; trying again in 5 minutes");
            }
        }
    }
}
