namespace OrderPipeline.Contracts;

/// <summary>The order could not be taken (see <see cref="RejectionReasons"/>); the shopper is to be told.</summary>
public record OrderRejected
{
    public required string OrderId { get; init; }
    public required string CustomerId { get; init; }
    public required string SellerId { get; init; }
    public required string Reason { get; init; }
    public required ContactInfo Contact { get; init; }
    public required DateTimeOffset RejectedAt { get; init; }
}
