using System.Text;

namespace OrderPipeline.Bench.Pipeline.Load;

/// <summary>
/// The orders a benchmark sends: one product per order out of <see cref="Products"/>, 1 to 3 units, e-mail only (one shopper
/// notice per order). The last product is scarce, so some orders are rejected and the stock check sees both outcomes.
/// </summary>
public sealed class OrderBodies
{
    public const string Seller = "bench-seller";
    readonly byte[][] _bodies;

    public OrderBodies(string runId, int products = 20, int variants = 997)
    {
        Products = Enumerable.Range(0, products).Select(i => $"{runId}-p{i:00}").ToArray();
        _bodies = new byte[variants][];
        for (var i = 0; i < variants; i++)
        {
            var product = Products[i % products];
            var json = $$$"""{"customerId":"{{{runId}}}-c{{{i}}}","items":[{"productId":"{{{product}}}","quantity":{{{1 + i % 3}}}}],"contact":{"email":"c{{{i}}}@bench.example"}}""";
            _bodies[i] = Encoding.UTF8.GetBytes(json);
        }
    }

    public IReadOnlyList<string> Products { get; }

    public string ScarceProduct => Products[^1];

    public ReadOnlyMemory<byte> Body(long sequence) => _bodies[sequence % _bodies.Length];

    /// <summary>Stock per product for about <paramref name="expectedOrders"/> orders: plenty, except the scarce product.</summary>
    public int StockFor(string product, long expectedOrders) =>
        product == ScarceProduct ? (int)Math.Max(10, expectedOrders / Products.Count / 2) : (int)Math.Max(1000, expectedOrders * 3);
}
