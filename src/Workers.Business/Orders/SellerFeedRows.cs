using System.Text.Json;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// The sellers' feed rows of a batch's confirmed orders (<c>order.confirmed</c>), written in the batch's own transaction, set-based:
/// a feed event costs no message and no commit of its own. The dedupe key makes a redelivered order's row a no-op.
/// </summary>
public static class SellerFeedRows
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Add(NpgsqlBatch batch, IReadOnlyList<DecidedOrder> confirmed, DateTimeOffset now)
    {
        if (confirmed.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Sql.Batch("""
            INSERT INTO seller_events (seller_id, type, data, at, dedupe_key)
            SELECT u.seller_id, 'order.confirmed', u.data::jsonb, @now, 'order.confirmed:' || u.order_id
            FROM unnest(@sellerIds::text[], @data::text[], @orderIds::text[]) AS u(seller_id, data, order_id)
            ON CONFLICT (dedupe_key) DO NOTHING
            """, ("sellerIds", confirmed.Select(o => o.SellerId).ToArray()), ("data", confirmed.Select(Data).ToArray()), ("now", now.ToUniversalTime()),
            ("orderIds", confirmed.Select(o => o.OrderId).ToArray())));
    }

    /// <summary>What a seller's stream shows of a new order (the same fields as before the feed moved into the batch).</summary>
    static string Data(DecidedOrder order) => JsonSerializer.Serialize(new FeedOrder(order.OrderId, order.CustomerId,
        order.Lines.Select(l => new FeedLine(l.ProductId, l.Name, l.Quantity, l.UnitPrice)).ToList(), order.Total, order.Currency, order.DecidedAt), Json);

    sealed record FeedOrder(string OrderId, string CustomerId, IReadOnlyList<FeedLine> Items, decimal Total, string Currency, DateTimeOffset ConfirmedAt);

    sealed record FeedLine(string ProductId, string Name, int Quantity, decimal UnitPrice);
}
