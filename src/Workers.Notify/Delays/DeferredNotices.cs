using Dapper;
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
        var now = clock.GetUtcNow();
        var released = await connection.QueryAsync<(Guid DelayId, string SellerId, string ProductId, DateOnly NewShipDate, string Reason, int Chunk, int Count)>(
            new CommandDefinition("""
            WITH deferred AS (
                UPDATE delay_chunks SET status = 'Pending', deferred_until = NULL
                WHERE status = 'Deferred' AND deferred_until <= @now
                RETURNING delay_id, chunk, cardinality(order_ids) AS n),
            stale AS (
                UPDATE delay_chunks SET status = 'Pending', claimed_by = NULL
                WHERE status = 'Sending' AND claimed_at < @staleBefore
                RETURNING delay_id, chunk, cardinality(order_ids) AS n),
            released AS (SELECT * FROM deferred UNION ALL SELECT * FROM stale),
            counted AS (
                UPDATE delays d SET deferred = deferred - r.n
                FROM (SELECT delay_id, sum(n)::int AS n FROM deferred GROUP BY delay_id) r WHERE d.delay_id = r.delay_id
                RETURNING d.delay_id)
            SELECT d.delay_id, d.seller_id, d.product_id, d.new_ship_date, d.reason, r.chunk, r.n
            FROM released r JOIN delays d ON d.delay_id = r.delay_id
            """, new { now, staleBefore = now - TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds * 3) }, transaction,
                cancellationToken: cancellationToken));
        var chunks = released.Select(r => new DelayNoticeChunk
        {
            DelayId = r.DelayId, SellerId = r.SellerId, ProductId = r.ProductId, NewShipDate = r.NewShipDate, Reason = r.Reason, Chunk = r.Chunk,
        }).ToList();
        var count = released.Sum(r => r.Count);
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
