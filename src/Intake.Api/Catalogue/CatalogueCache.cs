using System.Collections.Concurrent;

namespace OrderPipeline.Intake.Catalogue;

/// <summary>
/// The intake's in-memory copy of the catalogue: orders are validated against it without a database query.
/// Kept fresh by <see cref="ProductChangedConsumer"/> (every instance hears every change) and by a periodic
/// full reload in <see cref="CatalogueRefresher"/> in case an event was missed. The business worker still
/// checks every order against the database, so a stale entry costs a rejection, never a wrong sale.
/// </summary>
public sealed class CatalogueCache
{
    readonly ConcurrentDictionary<string, (CatalogueEntry Entry, long Change)> _entries = new(StringComparer.Ordinal);
    volatile bool _loaded;
    long _changes;

    public bool IsLoaded => _loaded;

    public int Count => _entries.Count;

    public CatalogueEntry? Find(string productId) => _entries.TryGetValue(productId, out var found) ? found.Entry : null;

    /// <summary>A mark to take before reading the whole catalogue: what changes after it, the reload must not undo.</summary>
    public long Mark() => Interlocked.Read(ref _changes);

    /// <summary>Applies a change unless a newer one is already here (events may arrive out of order).</summary>
    public void Apply(CatalogueEntry entry)
    {
        var change = Interlocked.Increment(ref _changes);
        _entries.AddOrUpdate(entry.ProductId, (entry, change), (_, current) => entry.ChangedAt >= current.Entry.ChangedAt ? (entry, change) : current);
    }

    /// <summary>
    /// Takes a full reload read after <paramref name="mark"/> was taken. A product missing from it is dropped only if nothing
    /// applied it here since the mark: one created while the reload ran (its event, or this instance's own PUT) stays.
    /// </summary>
    public void ReplaceAll(IEnumerable<CatalogueEntry> entries, long mark)
    {
        var fresh = entries.ToDictionary(e => e.ProductId, StringComparer.Ordinal);
        foreach (var entry in fresh.Values)
        {
            Apply(entry);
        }

        foreach (var (key, current) in _entries)
        {
            if (!fresh.ContainsKey(key) && current.Change <= mark)
            {
                _entries.TryRemove(new KeyValuePair<string, (CatalogueEntry, long)>(key, current));
            }
        }

        _loaded = true;
    }
}
