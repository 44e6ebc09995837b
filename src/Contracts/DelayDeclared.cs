namespace OrderPipeline.Contracts;

/// <summary>A seller moved a product's ship date: every open order of it is to be marked and its shopper told. Message id = delay id.</summary>
public record DelayDeclared
{
    public required Guid DelayId { get; init; }
    public required string SellerId { get; init; }
    public required string ProductId { get; init; }
    public required DateOnly NewShipDate { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset DeclaredAt { get; init; }
}
