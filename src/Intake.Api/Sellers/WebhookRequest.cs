namespace OrderPipeline.Intake.Sellers;

public sealed record WebhookRequest(string? Url, string? Secret);
