namespace OrderPipeline.Contracts;

/// <summary>
/// A shopper's order, accepted by the intake and not yet decided. The intake publishes it only after
/// validating it against the catalogue cache; the business worker decides it against the database.
/// </summary>
public record SubmitOrder
{
    /// <summary>The receipt the intake handed back (see <c>OrderReceipt</c>); the order's key everywhere.</summary>
    public required string OrderId { get; init; }
    public required string CustomerId { get; init; }
    public required string SellerId { get; init; }
    public required IReadOnlyList<OrderLine> Items { get; init; }
    public required ContactInfo Contact { get; init; }
    /// <summary>SHA-256 of the normalised request; tells a genuine retry from a reused idempotency key.</summary>
    public required string RequestHash { get; init; }
    public string? IdempotencyKey { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
}
