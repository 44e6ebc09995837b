using MassTransit;
using OrderPipeline.Contracts;

namespace OrderPipeline.Intake.Catalogue;

/// <summary>Every intake instance receives every catalogue change on a temporary queue of its own.</summary>
public sealed class ProductChangedConsumer(CatalogueCache cache) : IConsumer<ProductChanged>
{
    public Task Consume(ConsumeContext<ProductChanged> context)
    {
        var m = context.Message;
        cache.Apply(new CatalogueEntry(m.ProductId, m.SellerId, m.Name, m.UnitPrice, m.Currency, m.ChangedAt));
        return Task.CompletedTask;
    }
}
