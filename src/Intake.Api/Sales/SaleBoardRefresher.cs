using Microsoft.Extensions.Options;
using Npgsql;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// Reads the sales and their products' stock into <see cref="SaleBoard"/> every <see cref="SaleOptions.RefreshMilliseconds"/>: one
/// round trip however many orders arrive, so every intake instance learns a sold-out product, a restock, a new pace or an ended
/// sale within that time (the issue asks for a second).
/// </summary>
public sealed class SaleBoardRefresher(NpgsqlDataSource dataSource, SaleBoard board, TimeProvider clock, IOptions<SaleOptions> options,
    ILogger<SaleBoardRefresher> logger)
    : BackgroundService
{
    // Sales that ended in the last hour stay: orders still in their line are shown their place until decided.
    const string Query = """
        SELECT sale_id, seller_id, product_ids, starts_at, ends_at, ended_at, admission_per_second, admitted_up_to, decided
        FROM sales WHERE ends_at > now() - interval '1 hour' AND (ended_at IS NULL OR ended_at > now() - interval '1 hour');
        SELECT p.product_id, p.stock FROM products p
        WHERE p.product_id IN (SELECT unnest(product_ids) FROM sales WHERE ended_at IS NULL AND ends_at > now());
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                if (failing)
                {
                    logger.LogInformation("Sales read again");
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Once per outage: orders keep being routed by the last read.
                if (!failing)
                {
                    logger.LogWarning(e, "Could not read the sales; routing by the last read until the database answers");
                    failing = true;
                }
            }

            await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sales = new List<SaleEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sales.Add(new SaleEntry(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetInt64(7), reader.GetInt64(8)));
        }

        await reader.NextResultAsync(cancellationToken);
        var stock = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            stock[reader.GetString(0)] = reader.GetInt32(1);
        }

        board.Replace(sales, stock, clock.GetUtcNow());
    }
}
