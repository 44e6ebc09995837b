namespace OrderPipeline.Admin.DeadLetters;

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? NextCursor);
