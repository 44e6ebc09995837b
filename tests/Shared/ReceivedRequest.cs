using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrderPipeline.Tests.Shared;

/// <summary>A request <see cref="FakeProviders"/> received (each message of a bulk send on its own).</summary>
public sealed record ReceivedRequest(string Path, string IdempotencyKey, string? Signature, string? EventType, byte[] Body, int Status)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>), when sent.</summary>
    public IHeaderDictionary StandardHeaders { get; init; } = new HeaderDictionary();
}
