using System.Collections.Concurrent;

namespace OrderPipeline.Intake.Catalogue;

public sealed record CatalogueEntry(string ProductId, string SellerId, string Name, decimal UnitPrice, string Currency, DateTimeOffset ChangedAt);

/// <summary>
/// The intake's in-memory copy of the catalogue: orders are validated against it without a database query.
/// Kept fresh by <see cref="ProductChangedConsumer"/> (every instance hears every change) and by a periodic
/// full reload in <see cref="CatalogueRefresher"/> in case an event was missed. The business worker still
/// checks every order against the database, so a stale entry costs a rejection, never a wrong sale.
/// </summary>
public sealed class CatalogueCache
{
    readonly ConcurrentDictionary<string, CatalogueEntry> _entries = new(StringComparer.Ordinal);
    volatile bool _loaded;

    public bool IsLoaded => _loaded;

    public int Count => _entries.Count;

    public CatalogueEntry? Find(string productId) => _entries.GetValueOrDefault(productId);

    /// <summary>Applies a change unless a newer one is already here (events may arrive out of order).</summary>
    public void Apply(CatalogueEntry entry) =>
        _entries.AddOrUpdate(entry.ProductId, entry, (_, current) => entry.ChangedAt >= current.ChangedAt ? entry : current);

    public void ReplaceAll(IEnumerable<CatalogueEntry> entries)
    {
        var fresh = entries.ToDictionary(e => e.ProductId, StringComparer.Ordinal);
        foreach (var entry in fresh.Values)
        {
            Apply(entry);
        }

        foreach (var key in _entries.Keys)
        {
            if (!fresh.ContainsKey(key))
            {
                _entries.TryRemove(key, out _);
            }
        }

        _loaded = true;
    }
}
