namespace OrderPipeline.Notify.Providers;

/// <param name="EventId">Unique per event and the same on every retry: the receiver's dedupe key (also sent as <c>Idempotency-Key</c>).</param>
public sealed record SellerEvent(string EventId, string EventType, string Url, string Secret, byte[] Body);
