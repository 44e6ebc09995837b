namespace OrderPipeline.Intake.Sellers;

public sealed record WebhookView(string SellerId, string Url);
