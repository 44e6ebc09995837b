namespace OrderPipeline.Notify.Notifications;

/// <summary>One notification as the ledger keeps it: its idempotency key (<c>{orderId}:{kind}:{channel}</c>) and what it is about.</summary>
public sealed record LedgerEntry(string Key, string OrderId, string Kind, string Channel);
