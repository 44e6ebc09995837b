using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Hosting.Webhooks;

public sealed class WebhookTargets(IOptions<WebhookTargetOptions> options)
{
    readonly WebhookTargetOptions _options = options.Value;

    /// <summary>Why <paramref name="url"/> may not be saved, or null when it may (its host resolved, every address allowed).</summary>
    public async Task<string?> RefusalAsync(string? url, CancellationToken cancellationToken)
    {
        if (url is null || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "Required: an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && _options.AllowHttp))
        {
            return _options.AllowHttp ? "Must be an http or https URL." : "Must be an https URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Must not carry credentials; the secret signs every request instead.";
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.ResolveTimeoutSeconds));
            addresses = await ResolveAsync(uri.IdnHost, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"The host '{uri.Host}' does not resolve.";
        }

        var refused = addresses.Where(a => !IsAllowed(a)).ToList();
        return addresses.Length == 0 ? $"The host '{uri.Host}' does not resolve."
            : refused.Count > 0 ? $"The host '{uri.Host}' is not a public address ({string.Join(", ", refused)}); webhooks cannot reach inside."
            : null;
    }

    /// <summary>
    /// The HTTP client's connect step: resolves the host again at connect time and connects only to an allowed address, so a
    /// name that pointed outside when saved and points inside now (DNS rebinding) is refused.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await ResolveAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(endpoint.Host, addresses);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool IsAllowed(IPAddress address) => IsPublic(address) || (_options.AllowLoopback && IPAddress.IsLoopback(address));

    static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>Whether the address is on the public internet: not any special-purpose range (IANA registries, IPv4 and IPv6).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 or >= 224                // this network, private, loopback, multicast and reserved
                     || (b[0] == 100 && (b[1] & 0xC0) == 64)        // carrier-grade NAT (and cloud metadata such as 100.100.100.200)
                     || (b[0] == 169 && b[1] == 254)                // link-local, cloud metadata 169.254.169.254
                     || (b[0] == 172 && (b[1] & 0xF0) == 16)        // private
                     || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation
                     || (b[0] == 192 && b[1] == 168)                // private
                     || (b[0] == 198 && (b[1] & 0xFE) == 18)        // benchmarking
                     || (b[0] == 198 && b[1] == 51 && b[2] == 100)  // documentation
                     || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // documentation
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC)    // unique-local fc00::/7 (metadata fd00:ec2::254)
        {
            return false;
        }

        // Addresses that carry an IPv4 address: judged by it (NAT64 64:ff9b::/96, 6to4 2002::/16); IPv4-compatible ::/96 never.
        if (b.Take(12).All(x => x == 0))
        {
            return false;
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return IsPublic(new IPAddress(b.AsSpan(12, 4)));
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublic(new IPAddress(b.AsSpan(2, 4)));
        }

        return !(b[0] == 0x20 && b[1] == 0x01 && ((b[2] == 0x0d && b[3] == 0xb8) || (b[2] == 0 && b[3] == 0))); // documentation, Teredo
    }
}
