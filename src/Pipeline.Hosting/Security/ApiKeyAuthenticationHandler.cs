using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrderPipeline.Hosting.Security;

/// <summary>
/// Authentication from the <c>X-Api-Key</c> header, run only for endpoints whose policy needs it (there is no default
/// scheme, so a public endpoint such as <c>POST /orders</c> never pays for it). A key with the seller prefix is looked up
/// (hashed) in <c>seller_api_keys</c>; any other key is compared in constant time with the configured ones, without a query.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys,
    NpgsqlDataSource dataSource) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var entry = SellerKeys.LooksLikeSellerKey(presented) ? await SellerKeyAsync(presented) : ConfiguredKey(presented);
        return entry is null
            ? AuthenticateResult.Fail("Unknown API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(Principal(entry), SchemeName));
    }

    ApiKeyEntry? ConfiguredKey(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        return keys.CurrentValue.ApiKeys.FirstOrDefault(k =>
            k.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Key), bytes));
    }

    async Task<ApiKeyEntry?> SellerKeyAsync(string presented)
    {
        await using var command = dataSource.CreateCommand("SELECT seller_id, key_id FROM seller_api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(SellerKeys.Hash(Encoding.UTF8.GetBytes(presented)));
        await using var reader = await command.ExecuteReaderAsync(Context.RequestAborted);
        return await reader.ReadAsync(Context.RequestAborted)
            ? new ApiKeyEntry { Name = $"seller:{reader.GetString(0)}:{reader.GetString(1)}", Roles = [Roles.Seller], SellerId = reader.GetString(0) }
            : null;
    }

    static ClaimsPrincipal Principal(ApiKeyEntry entry)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name) };
        claims.AddRange(entry.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        if (entry.SellerId is { } seller)
        {
            claims.Add(new Claim(Roles.SellerIdClaim, seller));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}
