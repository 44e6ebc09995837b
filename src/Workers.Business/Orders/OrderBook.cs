using Dapper;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Data.Orders;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Decides a batch of orders in one transaction: the order rows double as the inbox (their primary key is
/// the order id), the product rows are locked in id order (no deadlocks between batches), and stock, prices,
/// orders and the sellers' feed rows commit together. A redelivered order finds its row and yields the same follow-ups again.
/// </summary>
public sealed class OrderBook(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<OrderBook> logger)
{
    /// <param name="pricing">The pricing rule for each order (see <see cref="Pricing"/>); list price when null.</param>
    /// <param name="tickets">Sale orders' places in line, by order id: stored with the order, and the sale's admitted-up-to moved on.</param>
    public async Task<BatchDecision> DecideAsync(IReadOnlyList<(SubmitOrder Order, Guid? MessageId)> batch, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? pricing = null, IReadOnlyDictionary<string, LaneTicket>? tickets = null)
    {
        foreach (var (order, _) in batch)
        {
            if (order?.OrderId is not { Length: >= 1 and <= 64 })
            {
                throw new MalformedMessageException("SubmitOrder without a usable OrderId.");
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var ids = batch.Select(b => b.Order.OrderId).Distinct(StringComparer.Ordinal).ToArray();
        var existing = await OrderRows.LoadAsync(connection, ids, cancellationToken);
        var productIds = batch.Where(b => !existing.ContainsKey(b.Order.OrderId) && b.Order.Items is not null)
            .SelectMany(b => b.Order.Items.Where(i => i?.ProductId is not null).Select(i => i.ProductId))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var products = await LockProductsAsync(connection, productIds, cancellationToken);

        var now = clock.GetUtcNow();
        var decisions = new List<Decision>();
        var decided = new DecidedOrder?[batch.Count];
        var conflicts = new List<(SubmitOrder Order, Guid? MessageId)>();
        var duplicates = 0;
        var decidedHere = new Dictionary<string, (string Hash, DecidedOrder Order)>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (order, messageId) = batch[i];
            if (existing.TryGetValue(order.OrderId, out var row))
            {
                if (row.RequestHash == order.RequestHash)
                {
                    duplicates++;
                    decided[i] = row.ToDecided();
                }
                else
                {
                    conflicts.Add((order, messageId));
                }

                continue;
            }

            if (decidedHere.TryGetValue(order.OrderId, out var earlier))
            {
                if (earlier.Hash == order.RequestHash)
                {
                    duplicates++;
                    decided[i] = earlier.Order;
                }
                else
                {
                    conflicts.Add((order, messageId));
                }

                continue;
            }

            var decision = OrderDecider.Decide(order, products, pricing?.GetValueOrDefault(order.OrderId) ?? Pricing.V1);
            decisions.Add(decision);
            decided[i] = DecidedOrder.From(decision, now);
            decidedHere[order.OrderId] = (order.RequestHash, decided[i]!);
        }

        var confirmed = decided.Where(d => d is { Confirmed: true }).Select(d => d!).DistinctBy(d => d.OrderId).ToList();
        var withWebhooks = await SellersWithWebhooksAsync(connection, confirmed.Select(d => d.SellerId).Distinct(StringComparer.Ordinal).ToArray(),
            cancellationToken);
        await using (var write = new NpgsqlBatch(connection, transaction))
        {
            AddStockUpdate(write, products.Values.Where(p => p.Changed).ToList());
            AddOrderInserts(write, decisions, now, tickets);
            AddLaneProgress(write, batch, decisions, tickets);
            AddConflictInserts(write, conflicts, now);
            SellerFeedRows.Add(write, confirmed, now);
            if (write.BatchCommands.Count > 0)
            {
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);

        foreach (var (order, _) in conflicts)
        {
            logger.LogWarning("Order {OrderId} refused as IdempotencyConflict: its idempotency key was reused with a different body", order.OrderId);
        }

        return new BatchDecision(decided, withWebhooks, decisions.Count(d => d is Confirm), decisions.Count(d => d is Reject), duplicates, conflicts.Count,
            decisions.OfType<Reject>().CountBy(r => r.Reason, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal));
    }

    /// <summary>Which of these sellers have a webhook (read with the batch: a webhook set a moment ago is seen by the next batch).</summary>
    static async Task<IReadOnlySet<string>> SellersWithWebhooksAsync(NpgsqlConnection connection, string[] sellers, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (sellers.Length == 0)
        {
            return found;
        }

        found.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT seller_id FROM seller_webhooks WHERE seller_id = ANY(@sellers)", new { sellers }, cancellationToken: cancellationToken)));
        return found;
    }

    static async Task<Dictionary<string, StockedProduct>> LockProductsAsync(NpgsqlConnection connection, string[] productIds, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, StockedProduct>(StringComparer.Ordinal);
        if (productIds.Length == 0)
        {
            return products;
        }

        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT product_id, seller_id, name, unit_price, currency, stock, ship_date FROM products WHERE product_id = ANY(@productIds) ORDER BY product_id FOR UPDATE",
            new { productIds }, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            var product = new StockedProduct(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3),
                reader.GetString(4).Trim(), reader.GetInt32(5)) { ShipDate = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6) };
            products[product.ProductId] = product;
        }

        return products;
    }

    static void AddStockUpdate(NpgsqlBatch batch, List<StockedProduct> changed)
    {
        if (changed.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Sql.Batch(
            "UPDATE products p SET stock = u.stock, updated_at = p.updated_at FROM unnest(@ids::text[], @stock::int[]) AS u(id, stock) WHERE p.product_id = u.id",
            ("ids", changed.Select(p => p.ProductId).ToArray()), ("stock", changed.Select(p => p.Stock).ToArray())));
    }

    /// <summary>
    /// Each sale's line moves on with the batch: the highest place decided (redeliveries included: their place is behind us too)
    /// and how many were decided here. In the batch's transaction, so the intake never shows a place as passed before it is.
    /// </summary>
    static void AddLaneProgress(NpgsqlBatch batch, IReadOnlyList<(SubmitOrder Order, Guid? MessageId)> orders, List<Decision> decisions,
        IReadOnlyDictionary<string, LaneTicket>? tickets)
    {
        if (tickets is null)
        {
            return;
        }

        var decidedHere = decisions.Select(d => d.Order.OrderId).ToHashSet(StringComparer.Ordinal);
        var lanes = orders.Select(o => o.Order.OrderId).Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Ticket: tickets.GetValueOrDefault(id)))
            .Where(o => o.Ticket is not null)
            .GroupBy(o => o.Ticket!.SaleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Sale: g.Key, UpTo: g.Max(o => o.Ticket!.Ticket), Decided: g.Count(o => decidedHere.Contains(o.Id))))
            .ToList();
        if (lanes.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Sql.Batch("""
            UPDATE sales s SET admitted_up_to = greatest(s.admitted_up_to, u.up_to), decided = s.decided + u.n
            FROM unnest(@sales::text[], @upTo::bigint[], @decided::int[]) AS u(id, up_to, n) WHERE s.sale_id = u.id
            """, ("sales", lanes.Select(l => l.Sale).ToArray()), ("upTo", lanes.Select(l => l.UpTo).ToArray()),
            ("decided", lanes.Select(l => l.Decided).ToArray())));
    }

    static void AddOrderInserts(NpgsqlBatch batch, List<Decision> decisions, DateTimeOffset now, IReadOnlyDictionary<string, LaneTicket>? tickets)
    {
        if (decisions.Count == 0)
        {
            return;
        }

        var ticketOf = decisions.Select(d => tickets?.GetValueOrDefault(d.Order.OrderId)).ToArray();
        batch.BatchCommands.Add(Sql.Batch("""
            INSERT INTO orders (order_id, customer_id, seller_id, status, rejection_reason, total, currency, contact_email, contact_phone,
                                request_hash, idempotency_key, accepted_at, pricing, ship_date, sale_id, lane_ticket, created_at, updated_at)
            SELECT o.*, @now, @now
            FROM unnest(@orderIds::text[], @customerIds::text[], @sellerIds::text[], @statuses::text[], @reasons::text[], @totals::numeric[],
                        @currencies::text[], @emails::text[], @phones::text[], @requestHashes::text[], @idempotencyKeys::text[],
                        @acceptedAt::timestamptz[], @pricing::text[], @shipDates::date[], @saleIds::text[], @laneTickets::bigint[]) AS o
            """,
            ("orderIds", decisions.Select(d => d.Order.OrderId).ToArray()),
            ("customerIds", decisions.Select(d => Truncate(d.Order.CustomerId, 64)).ToArray()),
            ("sellerIds", decisions.Select(d => Truncate(d.Order.SellerId, 64)).ToArray()),
            ("statuses", decisions.Select(d => d is Confirm ? OrderStatus.Confirmed : OrderStatus.Rejected).ToArray()),
            ("reasons", decisions.Select(d => (d as Reject)?.Reason).ToArray()),
            ("totals", decisions.Select(d => (d as Confirm)?.Total).ToArray()),
            ("currencies", decisions.Select(d => (d as Confirm)?.Currency).ToArray()),
            ("emails", decisions.Select(d => Bounded(d.Order.Contact?.Email, 320)).ToArray()),
            ("phones", decisions.Select(d => Bounded(d.Order.Contact?.Phone, 32)).ToArray()),
            ("requestHashes", decisions.Select(d => Truncate(d.Order.RequestHash, 64)).ToArray()),
            ("idempotencyKeys", decisions.Select(d => Bounded(d.Order.IdempotencyKey, 255)).ToArray()),
            ("acceptedAt", decisions.Select(d => d.Order.AcceptedAt.ToUniversalTime()).ToArray()),
            ("now", now.ToUniversalTime()),
            ("pricing", decisions.Select(d => (d as Confirm)?.Pricing).ToArray()),
            ("shipDates", decisions.Select(d => (d as Confirm)?.ShipDate).ToArray()),
            ("saleIds", ticketOf.Select(t => t?.SaleId).ToArray()),
            ("laneTickets", ticketOf.Select(t => t?.Ticket).ToArray())));

        var lines = decisions.Where(d => d.Order.Items is not null)
            .SelectMany(d => d.Order.Items.Select((item, index) => (d, item, index)).Where(l => l.item is not null))
            .ToList();
        if (lines.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Sql.Batch("""
            INSERT INTO order_items (order_id, line_no, product_id, name, quantity, unit_price)
            SELECT * FROM unnest(@orderIds::text[], @lineNos::int[], @productIds::text[], @names::text[], @quantities::int[], @unitPrices::numeric[])
            """,
            ("orderIds", lines.Select(l => l.d.Order.OrderId).ToArray()),
            ("lineNos", lines.Select(l => l.index + 1).ToArray()),
            ("productIds", lines.Select(l => Truncate(l.item.ProductId, 64)).ToArray()),
            ("names", lines.Select(l => (l.d as Confirm)?.Lines[l.index].Name).ToArray()),
            ("quantities", lines.Select(l => l.item.Quantity).ToArray()),
            ("unitPrices", lines.Select(l => (l.d as Confirm)?.Lines[l.index].UnitPrice).ToArray())));
    }

    static void AddConflictInserts(NpgsqlBatch batch, List<(SubmitOrder Order, Guid? MessageId)> conflicts, DateTimeOffset now)
    {
        if (conflicts.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Sql.Batch("""
            INSERT INTO submission_conflicts (order_id, request_hash, message_id, received_at)
            SELECT c.*, @now FROM unnest(@orderIds::text[], @requestHashes::text[], @messageIds::uuid[]) AS c
            ON CONFLICT (order_id, request_hash) DO NOTHING
            """, ("orderIds", conflicts.Select(c => c.Order.OrderId).ToArray()),
            ("requestHashes", conflicts.Select(c => Truncate(c.Order.RequestHash, 64)).ToArray()),
            ("messageIds", conflicts.Select(c => c.MessageId).ToArray()), ("now", now.ToUniversalTime())));
    }

    static string? Bounded(string? value, int length) => value is not null && value.Length <= length ? value : null;

    static string Truncate(string? value, int length) => value is null ? "" : value.Length <= length ? value : value[..length];
}
