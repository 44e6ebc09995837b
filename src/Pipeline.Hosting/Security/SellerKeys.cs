using System.Security.Claims;
using System.Security.Cryptography;

namespace OrderPipeline.Hosting.Security;

/// <summary>Keys issued to sellers: shown once, stored as their SHA-256, recognised by their prefix before any lookup.</summary>
public static class SellerKeys
{
    /// <summary>Every seller key starts with this; any other key is never looked up in the database.</summary>
    public const string Prefix = "sk_";

    public static string Hash(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key));

    /// <summary>A new key: 32 random bytes, URL-safe, prefixed so a leaked one is recognisable.</summary>
    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key's public name, for listing and revoking it without showing the key.</summary>
    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static bool LooksLikeSellerKey(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length is > 3 and <= 128;

    /// <summary>Whether the caller may act for <paramref name="sellerId"/>: its own seller key, or a seller-admin key.</summary>
    public static bool ActsFor(this ClaimsPrincipal user, string sellerId) =>
        user.IsInRole(Roles.SellerAdmin)
        || (user.IsInRole(Roles.Seller) && string.Equals(user.FindFirstValue(Roles.SellerIdClaim), sellerId, StringComparison.Ordinal));

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
