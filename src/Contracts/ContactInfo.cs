namespace OrderPipeline.Contracts;

public record ContactInfo
{
    public string? Email { get; init; }
    public string? Phone { get; init; }
}
