using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Hosting.Webhooks;

/// <summary>
/// Section <c>Webhooks</c>: where sellers' webhooks may point. Outside Development only <c>https</c> to public addresses: never
/// loopback, private (RFC 1918), carrier-grade NAT, link-local (and so the cloud metadata address 169.254.169.254), unique-local,
/// multicast, documentation or reserved ranges. Read by the intake when a URL is saved and by the notify worker when it connects.
/// </summary>
public sealed class WebhookTargetOptions
{
    public const string Section = "Webhooks";

    /// <summary>Plain <c>http</c> URLs (Development: the dev gateway).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>127.0.0.0/8 and ::1 (Development: the dev gateway and the tests' receiver are on this machine).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long saving a URL waits for its host name to resolve.</summary>
    [Range(1, 30)] public int ResolveTimeoutSeconds { get; set; } = 3;
}
