using Npgsql;

namespace OrderPipeline.Bench.Pipeline.Verification;

/// <summary>
/// The check after every scenario: every 202 became exactly one order in a final state, for each product stock sold plus
/// stock left equals the stock at the start, and each shopper got exactly one notice per order, of the right kind, at the
/// gateway. It reads the pipeline's database and the gateway's counts; it trusts nothing the pipeline reports about itself.
/// </summary>
public sealed class RunVerifier(NpgsqlDataSource database)
{
    static readonly string[] FinalStatuses = ["Confirmed", "Rejected", "Delayed", "Shipped"];

    /// <param name="acceptedOrderIds">The order id of every 202, as answered (duplicates are a failure).</param>
    /// <param name="stockAtStart">Each of the run's products and its stock before the first order.</param>
    /// <param name="noticeCounts">Arrivals at the gateway by idempotency key.</param>
    /// <param name="unanswered">Requests that got no answer (a timeout): their orders may exist without a 202.</param>
    /// <param name="channel">The shopper channel every order of the run asked for.</param>
    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<string> acceptedOrderIds, IReadOnlyDictionary<string, int> stockAtStart,
        IReadOnlyDictionary<string, int> noticeCounts, int unanswered, string channel = "email", CancellationToken cancellationToken = default)
    {
        var accepted = acceptedOrderIds.ToHashSet(StringComparer.Ordinal);
        var products = stockAtStart.Keys.ToArray();
        var statuses = await StatusesAsync(accepted.ToArray(), cancellationToken);
        var missing = accepted.Where(id => !statuses.ContainsKey(id)).Order(StringComparer.Ordinal).ToArray();
        var notFinal = statuses.Where(s => !FinalStatuses.Contains(s.Value)).Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();

        var ofProducts = await OrdersOfProductsAsync(products, cancellationToken);
        var unannounced = ofProducts.Count(id => !accepted.Contains(id));

        var (stockNow, sold) = await StockAsync(products, cancellationToken);
        var stockMismatches = products
            .Where(p => sold.GetValueOrDefault(p) + stockNow.GetValueOrDefault(p, int.MinValue / 2) != stockAtStart[p])
            .Select(p => $"{p}: start {stockAtStart[p]}, sold {sold.GetValueOrDefault(p)}, left {(stockNow.TryGetValue(p, out var left) ? left : "none")}")
            .ToArray();

        var once = 0;
        var noticesMissing = new List<string>();
        var duplicated = new List<string>();
        var wrong = new List<string>();
        foreach (var (orderId, status) in statuses.Where(s => FinalStatuses.Contains(s.Value)))
        {
            var kind = status == "Rejected" ? "OrderRejected" : "OrderConfirmed";
            var other = status == "Rejected" ? "OrderConfirmed" : "OrderRejected";
            var count = noticeCounts.GetValueOrDefault($"{orderId}:{kind}:{channel}");
            if (count == 0)
            {
                noticesMissing.Add(orderId);
            }
            else if (count > 1)
            {
                duplicated.Add($"{orderId} x{count}");
            }
            else
            {
                once++;
            }

            if (noticeCounts.ContainsKey($"{orderId}:{other}:{channel}"))
            {
                wrong.Add(orderId);
            }
        }

        return new VerificationReport
        {
            Accepted = accepted.Count,
            DuplicateAccepted = acceptedOrderIds.Count - accepted.Count,
            Missing = missing,
            NotFinal = notFinal,
            Confirmed = statuses.Count(s => s.Value != "Rejected" && FinalStatuses.Contains(s.Value)),
            Rejected = statuses.Count(s => s.Value == "Rejected"),
            Unannounced = unannounced,
            Unanswered = unanswered,
            Products = products.Length,
            StockMismatches = stockMismatches,
            NoticesOnce = once,
            NoticesMissing = noticesMissing,
            NoticesDuplicated = duplicated,
            NoticesWrong = wrong,
        };
    }

    async Task<Dictionary<string, string>> StatusesAsync(string[] orderIds, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT order_id, status FROM orders WHERE order_id = ANY($1)");
        command.Parameters.AddWithValue(orderIds);
        var statuses = new Dictionary<string, string>(orderIds.Length, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses[reader.GetString(0)] = reader.GetString(1);
        }

        return statuses;
    }

    async Task<List<string>> OrdersOfProductsAsync(string[] products, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT DISTINCT order_id FROM order_items WHERE product_id = ANY($1)");
        command.Parameters.AddWithValue(products);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    async Task<(Dictionary<string, int> Left, Dictionary<string, long> Sold)> StockAsync(string[] products, CancellationToken cancellationToken)
    {
        var left = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = database.CreateCommand("SELECT product_id, stock FROM products WHERE product_id = ANY($1)"))
        {
            command.Parameters.AddWithValue(products);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                left[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var sold = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = database.CreateCommand("""
            SELECT i.product_id, sum(i.quantity) FROM order_items i JOIN orders o ON o.order_id = i.order_id
            WHERE i.product_id = ANY($1) AND o.status = ANY($2) GROUP BY i.product_id
            """))
        {
            command.Parameters.AddWithValue(products);
            command.Parameters.AddWithValue(FinalStatuses.Where(s => s != "Rejected").ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sold[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return (left, sold);
    }
}
