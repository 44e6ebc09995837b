using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Hands each order to <see cref="GroupCommit"/>, which decides it together with whatever else is waiting (one
/// transaction per batch, in delivery order) and publishes its follow-up. The message is acked only after both,
/// so a crash between commit and publish means a redelivery, which finds the committed row and publishes the same
/// follow-up (same message id) again. Each order's pricing rule comes from flag <c>Business.PricingV2</c>.
/// </summary>
public sealed class SubmitOrderConsumer(GroupCommit decisions) : IConsumer<SubmitOrder>
{
    public Task Consume(ConsumeContext<SubmitOrder> context) => decisions.DecideAsync(context);
}
