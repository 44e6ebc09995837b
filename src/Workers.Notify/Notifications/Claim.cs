namespace OrderPipeline.Notify.Notifications;

/// <summary>What a claim found: the keys this attempt now sends, and those another attempt is sending right now.</summary>
public sealed record Claim(IReadOnlySet<string> Claimed, IReadOnlySet<string> InFlight);
