namespace OrderPipeline.Admin.DeadLetters;

public sealed record DiscardRequest(string? Reason);
