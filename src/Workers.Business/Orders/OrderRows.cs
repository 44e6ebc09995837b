using Dapper;
using Npgsql;
using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

public static class OrderRows
{
    public static async Task<Dictionary<string, OrderRow>> LoadAsync(NpgsqlConnection connection, string[] orderIds, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, OrderRow>(StringComparer.Ordinal);
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition("""
            SELECT order_id, customer_id, seller_id, status, rejection_reason, total, currency, contact_email, contact_phone,
                   request_hash, updated_at
            FROM orders WHERE order_id = ANY(@orderIds)
            """, new { orderIds }, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new OrderRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6).Trim(), reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10), []);
                rows[row.OrderId] = row;
            }
        }

        if (rows.Count == 0)
        {
            return rows;
        }

        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT order_id, product_id, coalesce(name, ''), quantity, coalesce(unit_price, 0) FROM order_items WHERE order_id = ANY(@orderIds) ORDER BY order_id, line_no",
            new { orderIds = rows.Keys.ToArray() }, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetString(0)].Lines.Add(new PricedOrderLine
                {
                    ProductId = reader.GetString(1), Name = reader.GetString(2), Quantity = reader.GetInt32(3), UnitPrice = reader.GetDecimal(4),
                });
            }
        }

        return rows;
    }
}
