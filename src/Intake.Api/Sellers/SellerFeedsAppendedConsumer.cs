using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Intake.Sellers;

/// <summary>Wakes the streams of every seller whose feed grew (one message per decision batch or per delay event).</summary>
public sealed class SellerFeedsAppendedConsumer(SellerStreamHub hub) : IConsumer<SellerFeedsAppended>
{
    public Task Consume(ConsumeContext<SellerFeedsAppended> context)
    {
        foreach (var sellerId in context.Message.SellerIds ?? [])
        {
            hub.Wake(sellerId);
        }

        return Task.CompletedTask;
    }
}
