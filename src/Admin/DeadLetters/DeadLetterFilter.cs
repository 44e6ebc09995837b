namespace OrderPipeline.Admin.DeadLetters;

/// <summary>Filter fields of a bulk action; the same names as the list's query parameters.</summary>
public sealed record DeadLetterFilter(
    string? Queue, string? MessageType, string? Fingerprint, string? OrderId, string? SellerId, DateTimeOffset? From, DateTimeOffset? To);
