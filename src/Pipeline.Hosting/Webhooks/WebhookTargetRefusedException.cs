using System.Net;

namespace OrderPipeline.Hosting.Webhooks;

/// <summary>The connection a webhook may not make: its host resolves only to addresses that are not allowed.</summary>
public sealed class WebhookTargetRefusedException(string host, IEnumerable<IPAddress> addresses)
    : Exception($"Webhook host '{host}' resolves to {string.Join(", ", addresses)}: not a public address; refused.");
