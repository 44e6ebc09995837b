using Npgsql;
using OrderPipeline.Hosting.Webhooks;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Sellers;

public sealed record WebhookView(string SellerId, string Url);
