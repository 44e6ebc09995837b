using MassTransit;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Telemetry;

namespace OrderPipeline.Hosting.Flags;

/// <summary>Every process receives every flip on a temporary queue of its own and reloads at once.</summary>
public sealed class FlagChangedConsumer(FlagRefresher refresher, PipelineMetrics metrics, TimeProvider clock) : IConsumer<FlagChanged>
{
    public Task Consume(ConsumeContext<FlagChanged> context)
    {
        refresher.Signal(context.Message.Version);
        metrics.FlagHeard(clock.GetUtcNow() - context.Message.ChangedAt);
        return Task.CompletedTask;
    }
}
