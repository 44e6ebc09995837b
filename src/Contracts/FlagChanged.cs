namespace OrderPipeline.Contracts;

/// <summary>A feature flag was flipped; every process reloads its flags (each on a temporary queue of its own).</summary>
public record FlagChanged
{
    public required string Name { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
