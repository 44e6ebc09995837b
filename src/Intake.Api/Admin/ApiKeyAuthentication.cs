using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Intake.Admin;

/// <summary>Section <c>Admin</c>: who may use the admin API, by key, with which roles.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}

public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";
    /// <summary>Who acts with this key; recorded in the audit log.</summary>
    public string Name { get; set; } = "";
    public string[] Roles { get; set; } = [];
    /// <summary>For a key with the <c>seller</c> role: the one seller it acts for.</summary>
    public string? SellerId { get; set; }
}

public static class AdminRoles
{
    public const string OnCall = "oncall";
    public const string Developer = "developer";
    /// <summary>A seller's own key: its seller endpoints only (the route's seller must be the key's).</summary>
    public const string Seller = "seller";
    /// <summary>May issue and revoke sellers' API keys.</summary>
    public const string SellerAdmin = "seller-admin";
    public const string SellerIdClaim = "seller_id";
}

/// <summary>
/// ASP.NET Core authentication from the <c>X-Api-Key</c> header: no key or an unknown key is 401, a known key
/// without the endpoint's role is 403 (authorization policies per role).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> admin,
    Npgsql.NpgsqlDataSource dataSource) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = Encoding.UTF8.GetBytes(values.ToString());
        var entry = admin.CurrentValue.ApiKeys.FirstOrDefault(k =>
            k.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Key), presented))
            ?? await SellerKeyAsync(presented);
        if (entry is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name) };
        claims.AddRange(entry.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        if (entry.SellerId is { } seller)
        {
            claims.Add(new Claim(AdminRoles.SellerIdClaim, seller));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A key issued to a seller (stored as its SHA-256 in <c>seller_api_keys</c>).</summary>
    async Task<ApiKeyEntry?> SellerKeyAsync(byte[] presented)
    {
        await using var command = dataSource.CreateCommand("SELECT seller_id FROM seller_api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(SellerKeys.Hash(presented));
        return await command.ExecuteScalarAsync(Context.RequestAborted) is string seller
            ? new ApiKeyEntry { Name = $"seller:{seller}", Roles = [AdminRoles.Seller], SellerId = seller }
            : null;
    }
}

public static class AdminAuthentication
{
    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminRoles.OnCall, p => p.RequireRole(AdminRoles.OnCall))
            .AddPolicy(AdminRoles.Developer, p => p.RequireRole(AdminRoles.Developer))
            .AddPolicy(AdminRoles.SellerAdmin, p => p.RequireRole(AdminRoles.SellerAdmin))
            .AddPolicy(AdminRoles.Seller, p => p.RequireRole(AdminRoles.Seller));
        return services;
    }

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}

public static class SellerKeys
{
    public static string Hash(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key));

    /// <summary>A new key: 32 random bytes, URL-safe, prefixed so a leaked one is recognisable.</summary>
    public static string New() => "sk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether the caller acts for <paramref name="sellerId"/>: its own seller key.</summary>
    public static bool ActsFor(this ClaimsPrincipal user, string sellerId) =>
        string.Equals(user.FindFirstValue(AdminRoles.SellerIdClaim), sellerId, StringComparison.Ordinal);
}
