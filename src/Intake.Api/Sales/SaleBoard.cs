using System.Collections.Frozen;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// The intake's picture of the sales, read from the database by <see cref="SaleBoardRefresher"/> every few hundred milliseconds
/// (never per order): which products are in a running sale, which of them are sold out, and each sale's admitted-up-to number,
/// which the business workers write with every batch. Orders are routed and answered from it without a query.
/// </summary>
public sealed class SaleBoard(TimeProvider clock)
{
    volatile Snapshot _snapshot = new(FrozenDictionary<string, SaleEntry>.Empty, FrozenDictionary<string, SaleEntry>.Empty, FrozenDictionary<string, int>.Empty);
    readonly Dictionary<string, (long Decided, DateTimeOffset At, double PerSecond)> _paces = new(StringComparer.Ordinal);
    readonly Lock _paceLock = new();

    /// <summary>Whether any sale not yet ended holds a product (when not, every order is ordinary).</summary>
    public bool HasSales => _snapshot.SaleOfProduct.Count > 0;

    public SaleEntry? Find(string saleId) => _snapshot.Sales.GetValueOrDefault(saleId);

    /// <summary>The running sale an order of these products belongs to (the first by id when it names several), or null.</summary>
    public SaleEntry? RunningSaleFor(IReadOnlyList<string> productIds, DateTimeOffset now)
    {
        var snapshot = _snapshot;
        SaleEntry? found = null;
        foreach (var product in productIds)
        {
            if (snapshot.SaleOfProduct.TryGetValue(product, out var sale) && sale.IsRunning(now)
                && (found is null || string.CompareOrdinal(sale.SaleId, found.SaleId) < 0))
            {
                found = sale;
            }
        }

        return found;
    }

    /// <summary>The first of these products, in a running sale, whose stock is 0: new orders for it are refused at the door.</summary>
    public string? SoldOut(IReadOnlyList<string> productIds, DateTimeOffset now)
    {
        var snapshot = _snapshot;
        foreach (var product in productIds)
        {
            if (snapshot.SaleOfProduct.TryGetValue(product, out var sale) && sale.IsRunning(now)
                && snapshot.Stock.TryGetValue(product, out var stock) && stock <= 0)
            {
                return product;
            }
        }

        return null;
    }

    /// <summary>Where <paramref name="ticket"/> stands in its sale's line; position 1 at least until the order is decided.</summary>
    public QueuePlace Place(string saleId, long ticket)
    {
        var sale = Find(saleId);
        var position = Math.Max(1, ticket - (sale?.AdmittedUpTo ?? 0));
        var pace = sale?.AdmissionPerSecond ?? MeasuredPace(saleId);
        int? wait = pace is > 0 ? (int)Math.Ceiling(position / pace.Value) : null;
        return new QueuePlace(Lane(saleId), position, position - 1, wait);
    }

    public static QueuePlace Decided(string saleId) => new(Lane(saleId), 0, 0, 0);

    public static string Lane(string saleId) => "sale/" + saleId;

    /// <summary>A product's stock changed here (a restock by PUT): the door reopens at once on this instance.</summary>
    public void Restocked(string productId, int stock)
    {
        var current = _snapshot;
        if (current.SaleOfProduct.ContainsKey(productId))
        {
            var updated = new Dictionary<string, int>(current.Stock, StringComparer.Ordinal) { [productId] = stock };
            _snapshot = current with { Stock = updated.ToFrozenDictionary(StringComparer.Ordinal) };
        }
    }

    /// <summary>Takes a fresh read of the sales that have not ended long ago and the stock of their products.</summary>
    public void Replace(IReadOnlyList<SaleEntry> sales, IReadOnlyDictionary<string, int> stock, DateTimeOffset readAt)
    {
        var byProduct = new Dictionary<string, SaleEntry>(StringComparer.Ordinal);
        foreach (var sale in sales.Where(s => s.EndedAt is null && s.EndsAt > readAt).OrderByDescending(s => s.SaleId, StringComparer.Ordinal))
        {
            foreach (var product in sale.ProductIds)
            {
                // A product in two sales: the one running now wins, then the earliest.
                if (!byProduct.TryGetValue(product, out var other) || sale.IsRunning(readAt) || !other.IsRunning(readAt) && sale.StartsAt < other.StartsAt)
                {
                    byProduct[product] = sale;
                }
            }
        }

        lock (_paceLock)
        {
            // Only the sales still read are measured (ended more than an hour ago: forgotten).
            foreach (var gone in _paces.Keys.Where(id => !sales.Any(s => s.SaleId == id)).ToList())
            {
                _paces.Remove(gone);
            }

            foreach (var sale in sales)
            {
                if (_paces.TryGetValue(sale.SaleId, out var last) && readAt - last.At >= TimeSpan.FromSeconds(1))
                {
                    var rate = (sale.Decided - last.Decided) / (readAt - last.At).TotalSeconds;
                    _paces[sale.SaleId] = (sale.Decided, readAt, last.PerSecond <= 0 ? rate : 0.5 * last.PerSecond + 0.5 * rate);
                }
                else if (!_paces.ContainsKey(sale.SaleId))
                {
                    _paces[sale.SaleId] = (sale.Decided, readAt, 0);
                }
            }
        }

        _snapshot = new Snapshot(sales.ToFrozenDictionary(s => s.SaleId, StringComparer.Ordinal), byProduct.ToFrozenDictionary(StringComparer.Ordinal),
            stock.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>A sale changed here (PUT, PATCH, DELETE): routed by at once on this instance, the others follow at their next read.</summary>
    public void Apply(SaleEntry sale, IReadOnlyDictionary<string, int>? stock = null)
    {
        var current = _snapshot;
        var sales = current.Sales.Values.Where(s => s.SaleId != sale.SaleId).Append(sale).ToList();
        var known = new Dictionary<string, int>(current.Stock, StringComparer.Ordinal);
        foreach (var (product, count) in stock ?? new Dictionary<string, int>())
        {
            known[product] = count;
        }

        Replace(sales, known, clock.GetUtcNow());
    }

    double? MeasuredPace(string saleId)
    {
        lock (_paceLock)
        {
            return _paces.TryGetValue(saleId, out var pace) && pace.PerSecond > 0 ? pace.PerSecond : null;
        }
    }

    sealed record Snapshot(FrozenDictionary<string, SaleEntry> Sales, FrozenDictionary<string, SaleEntry> SaleOfProduct, FrozenDictionary<string, int> Stock);
}
