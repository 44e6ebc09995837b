using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPipeline.Data;

namespace OrderPipeline.Intake.Catalogue;

/// <summary>Loads the whole catalogue at start and again every <see cref="IntakeOptions.CatalogueRefreshSeconds"/>.</summary>
public sealed class CatalogueRefresher(
    IDbContextFactory<PipelineDbContext> contexts,
    CatalogueCache cache,
    IOptions<IntakeOptions> options,
    ILogger<CatalogueRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.CatalogueRefreshSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Catalogue reload failed; keeping {Count} cached products", cache.Count);
            }

            // Until the first load succeeds, try again soon: orders are refused (503) until then.
            await Task.Delay(cache.IsLoaded ? interval : TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task ReloadAsync(CancellationToken cancellationToken)
    {
        // Marked before the read: a change applied by an event (or a PUT here) during the load is newer and stays.
        var mark = cache.Mark();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = await db.Products.AsNoTracking()
            .Select(p => new CatalogueEntry(p.ProductId, p.SellerId, p.Name, p.UnitPrice, p.Currency, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        var firstLoad = !cache.IsLoaded;
        cache.ReplaceAll(products, mark);
        if (firstLoad)
        {
            logger.LogInformation("Catalogue loaded: {Count} products", products.Count);
        }
    }
}
