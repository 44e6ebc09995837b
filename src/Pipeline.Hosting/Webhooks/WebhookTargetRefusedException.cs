using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Hosting.Webhooks;

/// <summary>The connection a webhook may not make: its host resolves only to addresses that are not allowed.</summary>
public sealed class WebhookTargetRefusedException(string host, IEnumerable<IPAddress> addresses)
    : Exception($"Webhook host '{host}' resolves to {string.Join(", ", addresses)}: not a public address; refused.");
