namespace OrderPipeline.Admin.DeadLetters;

public sealed record AssignRequest(string? Assignee, bool TakeOver);
