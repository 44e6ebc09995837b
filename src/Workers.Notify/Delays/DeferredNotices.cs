using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Contracts;

namespace OrderPipeline.Notify.Delays;

/// <summary>
/// Every <c>Notify:QuietHours:SweepSeconds</c>, puts deferred notices whose quiet window has ended back to <c>Pending</c>
/// and publishes them again as chunks (set-based: one statement for all of them). Notices left <c>Sending</c> past the claim
/// lease (their sender died after claiming them) are released the same way.
/// </summary>
public sealed class DeferredNotices(NpgsqlDataSource dataSource, IBus bus, IOptions<NotifyOptions> options, TimeProvider clock,
    ILogger<DeferredNotices> logger) : BackgroundService
{
    /// <summary>Releases what is due; returns how many notices were released.</summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        // Released and published in one transaction: if the publish fails nothing is released, and the next sweep tries again;
        // if the commit fails after the publish, the chunks find their notices still Deferred and send nothing.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH deferred AS (
                UPDATE delay_chunks SET status = 'Pending', deferred_until = NULL
                WHERE status = 'Deferred' AND deferred_until <= $1
                RETURNING delay_id, chunk, cardinality(order_ids) AS n),
            stale AS (
                UPDATE delay_chunks SET status = 'Pending', claimed_by = NULL
                WHERE status = 'Sending' AND claimed_at < $2
                RETURNING delay_id, chunk, cardinality(order_ids) AS n),
            released AS (SELECT * FROM deferred UNION ALL SELECT * FROM stale),
            counted AS (
                UPDATE delays d SET deferred = deferred - r.n
                FROM (SELECT delay_id, sum(n)::int AS n FROM deferred GROUP BY delay_id) r WHERE d.delay_id = r.delay_id
                RETURNING d.delay_id)
            SELECT d.delay_id, d.seller_id, d.product_id, d.new_ship_date, d.reason, r.chunk, r.n
            FROM released r JOIN delays d ON d.delay_id = r.delay_id
            """, connection, transaction);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        command.Parameters.AddWithValue(clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds * 3));
        var chunks = new List<DelayNoticeChunk>();
        var count = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                chunks.Add(new DelayNoticeChunk
                {
                    DelayId = reader.GetGuid(0), SellerId = reader.GetString(1), ProductId = reader.GetString(2),
                    NewShipDate = reader.GetFieldValue<DateOnly>(3), Reason = reader.GetString(4), Chunk = reader.GetInt32(5),
                });
                count += reader.GetInt32(6);
            }
        }

        await Task.WhenAll(chunks.Select(c => bus.Publish(c, cancellationToken)));
        await transaction.CommitAsync(cancellationToken);

        if (count > 0)
        {
            logger.LogInformation("Quiet hours over: {Count} deferred delay notices released in {Chunks} chunks", count, chunks.Count);
        }

        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.QuietHours.SweepSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReleaseDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Releasing deferred delay notices failed; trying again in {Seconds} s", options.Value.QuietHours.SweepSeconds);
            }
        }
    }
}
