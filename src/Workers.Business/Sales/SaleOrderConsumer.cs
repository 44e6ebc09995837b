using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Sales;

/// <summary>Queue <c>orders-sale</c>: hands each sale order to the sale lane, acked once decided and its follow-ups confirmed.</summary>
public sealed class SaleOrderConsumer(SaleLane lane) : IConsumer<SaleOrder>
{
    public Task Consume(ConsumeContext<SaleOrder> context) => lane.Decisions.DecideAsync(context);
}
