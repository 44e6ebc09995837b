using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;
using OrderPipeline.Data.Orders;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Intake.Sales;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// <c>GET /orders/{orderId}</c>. A genuine receipt whose order the business worker has not stored yet is
/// still in the queue, so it reads as <c>Accepted</c>; a receipt we did not sign is 404. A sale order carries its place in line:
/// while it waits, from the place this instance handed out or the <c>place</c> its address (the 202's <c>Location</c>) carries, so
/// any instance can answer without a query; 0 once the worker decided it.
/// </summary>
public static class GetOrderEndpoint
{
    public static async Task<Results<Ok<OrderView>, ProblemHttpResult, ValidationProblem>> HandleAsync(
        string orderId, string? place, OrderReceipts receipts, PipelineDbContext db, LaneTickets tickets, SaleBoard sales, CancellationToken cancellationToken)
    {
        if (!receipts.IsGenuine(orderId))
        {
            return Problems.NotFound($"No order '{orderId}'.");
        }

        (string SaleId, long Ticket)? given = null;
        if (place is not null)
        {
            if (!SalePlace.TryParse(place, out var parsed))
            {
                return Problems.Validation(new() { ["place"] = ["{saleId}.{place in line}, as the 202's Location gives it."] });
            }

            given = parsed;
        }

        var order = await db.Orders.AsNoTracking().Include(o => o.Items)
            .SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        if (order is null)
        {
            var waiting = (tickets.Find(orderId) ?? given) is { } ticket ? sales.Place(ticket.SaleId, ticket.Ticket) : null;
            return TypedResults.Ok(new OrderView(orderId, null, OrderStatus.Accepted, [], null, null, null, null, null, null, null, [], waiting));
        }

        var notifications = await db.Notifications.AsNoTracking()
            .Where(n => n.OrderId == orderId)
            .OrderBy(n => n.CreatedAt)
            .Select(n => new NotificationView(n.Kind, n.Channel, n.Status, n.UpdatedAt))
            .ToListAsync(cancellationToken);
        // Delay notices and corrections (a chunk's status is its orders'): Deferred in quiet hours until they are sent.
        var products = order.Items.Select(i => i.ProductId).ToList();
        notifications.AddRange(await db.DelayChunks.AsNoTracking()
            .Join(db.Delays.Where(d => products.Contains(d.ProductId)), c => c.DelayId, d => d.DelayId, (c, d) => new { c, d.Corrects })
            .Where(x => x.c.OrderIds.Contains(orderId))
            .OrderBy(x => x.c.DelayId)
            .Select(x => new NotificationView(x.Corrects == null ? "Delayed" : "DelayCorrected", x.c.Channel, x.c.Status,
                x.c.SentAt ?? x.c.DeferredUntil ?? x.c.ClaimedAt ?? order.UpdatedAt))
            .ToListAsync(cancellationToken));

        return TypedResults.Ok(new OrderView(
            order.OrderId,
            order.CustomerId,
            order.Status,
            order.Items.OrderBy(i => i.LineNo).Select(i => new OrderItemView(i.ProductId, i.Quantity, i.UnitPrice)).ToList(),
            order.Total,
            order.Currency?.Trim(),
            order.RejectionReason,
            order.ShipDate,
            order.DelayReason,
            order.CreatedAt,
            order.UpdatedAt,
            notifications,
            order.SaleId is { } sale ? SaleBoard.Decided(sale) : null));
    }
}
