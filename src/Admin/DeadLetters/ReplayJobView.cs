using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

/// <summary>A bulk replay's state and progress; <see cref="FailedAgain"/> counts new dead letters of messages this job replayed.</summary>
public sealed record ReplayJobView(
    long Id, string Status, string RequestedBy, DateTimeOffset RequestedAt, JsonElement Selection, int RatePerSecond, int BatchSize,
    int Total, int Replayed, int Skipped, int NotReplayed, long FailedAgain, int Remaining, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string? CancelledBy, string? Error);
