namespace OrderPipeline.Contracts;

/// <summary>
/// A catalogue entry was created or replaced. Every intake instance listens on a temporary queue of its
/// own and updates its in-memory catalogue, so orders are validated without a database query.
/// </summary>
public record ProductChanged
{
    public required string SellerId { get; init; }
    public required string ProductId { get; init; }
    public required string Name { get; init; }
    public required decimal UnitPrice { get; init; }
    public required string Currency { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
