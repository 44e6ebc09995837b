namespace OrderPipeline.Contracts;

public record OrderLine
{
    public required string ProductId { get; init; }
    public required int Quantity { get; init; }
}
