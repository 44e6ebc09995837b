using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;

namespace OrderPipeline.Admin.Orders;

public sealed class OrderLookup(PipelineDbContext db)
{
    public async Task<OrderStory?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var notifications = await db.Notifications.AsNoTracking().Where(n => n.OrderId == orderId).OrderBy(n => n.CreatedAt).ToListAsync(cancellationToken);
        var delays = await db.Delays.AsNoTracking().Where(d => d.SellerId == order.SellerId && (d.DelayId == order.DelayId
                || db.OrderItems.Any(i => i.OrderId == orderId && i.ProductId == d.ProductId)) && d.CreatedAt >= order.AcceptedAt.AddDays(-1))
            .OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);
        var deadLetters = await db.DeadLetters.AsNoTracking().Where(d => d.OrderId == orderId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return new OrderStory(order, notifications, delays, deadLetters);
    }
}
