namespace OrderPipeline.Notify.Providers;

/// <summary>A message to a shopper over e-mail or SMS; the idempotency key lets the provider drop a repeat.</summary>
public sealed record ShopperMessage(string IdempotencyKey, string Channel, string To, string? Subject, string Text, string OrderId);
