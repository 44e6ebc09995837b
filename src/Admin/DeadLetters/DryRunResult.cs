namespace OrderPipeline.Admin.DeadLetters;

/// <summary>What a bulk action would touch: nothing is changed.</summary>
public sealed record DryRunResult(bool DryRun, long Matched, IReadOnlyList<CountBy> ByQueue, IReadOnlyList<CountBy> ByFingerprint, IReadOnlyList<long> SampleIds);
