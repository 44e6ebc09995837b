namespace OrderPipeline.Admin.DeadLetters;

public sealed record GroupOwnerView(string Assignee, string AssignedBy, DateTimeOffset AssignedAt);
