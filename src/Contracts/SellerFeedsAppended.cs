namespace OrderPipeline.Contracts;

/// <summary>New rows in several sellers' feeds at once (one decision batch): every API instance wakes those sellers' streams.</summary>
public record SellerFeedsAppended
{
    public required IReadOnlyList<string> SellerIds { get; init; }
}
