namespace OrderPipeline.Notify.Providers;

/// <summary>
/// One notice of a templated bulk send: <paramref name="OrderId"/> is the (first) order it is about; <paramref name="Orders"/>,
/// when it lists several, fills <c>{orders}</c>.
/// </summary>
public sealed record TemplatedMessage(string IdempotencyKey, string Channel, string To, string OrderId, string? Orders);
