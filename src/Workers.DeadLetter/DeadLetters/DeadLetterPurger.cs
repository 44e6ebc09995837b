using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.DeadLetter.DeadLetters;

public sealed class DeadLetterPurger(NpgsqlDataSource dataSource, IOptions<DeadLetterOptions> options, TimeProvider clock, ILogger<DeadLetterPurger> logger)
{
    const int Chunk = 5000;

    public async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        long purged = 0;
        while (true)
        {
            // In chunks, so a large purge never holds long locks or one huge transaction.
            var deleted = await dataSource.ExecuteAsync("""
                DELETE FROM dead_letters WHERE id IN (
                    SELECT id FROM dead_letters
                    WHERE status IN ('Replayed', 'Discarded') AND coalesce(replayed_at, discarded_at) < @before
                    LIMIT @chunk)
                """, new { before, chunk = Chunk }, cancellationToken);
            purged += deleted;
            if (deleted < Chunk)
            {
                break;
            }
        }

        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} replayed or discarded dead letters older than {Before:u}", purged, before);
        }

        return purged;
    }
}
