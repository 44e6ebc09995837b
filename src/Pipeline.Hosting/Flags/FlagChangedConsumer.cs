using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Hosting.Flags;

/// <summary>Every process receives every flip on a temporary queue of its own and reloads at once.</summary>
public sealed class FlagChangedConsumer(FlagRefresher refresher) : IConsumer<FlagChanged>
{
    public Task Consume(ConsumeContext<FlagChanged> context)
    {
        refresher.Signal(context.Message.Version);
        return Task.CompletedTask;
    }
}
