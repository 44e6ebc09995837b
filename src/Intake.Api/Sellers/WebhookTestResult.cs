namespace OrderPipeline.Intake.Sellers;

/// <summary>What the seller's endpoint answered to a test event: its status (0 if it could not be reached) and how long it took.</summary>
public sealed record WebhookTestResult(string SellerId, string Url, string EventId, int Status, bool Delivered, long Milliseconds, string? Error);
