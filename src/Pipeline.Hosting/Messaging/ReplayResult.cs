namespace OrderPipeline.Hosting.Messaging;

/// <summary>What one replay did: the rows sent back, and the ones the broker would not take, each with why.</summary>
public sealed record ReplayResult(IReadOnlyList<long> Replayed, IReadOnlyList<(long Id, string Error)> Refused);
