using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Hosting.Security;

/// <summary>
/// Who an API key is: a key with the seller prefix is looked up (hashed) in <c>seller_api_keys</c>, never cached, so a
/// revoked key stops working at once; any other key is compared in constant time with the configured ones, without a query.
/// The <c>X-Api-Key</c> handler and the console's sign-in both ask here.
/// </summary>
public sealed class ApiKeyResolver(IOptionsMonitor<ApiKeyOptions> keys, NpgsqlDataSource dataSource)
{
    public async Task<ClaimsPrincipal?> ResolveAsync(string presented, string authenticationType, CancellationToken cancellationToken)
    {
        if (presented.Length == 0)
        {
            return null;
        }

        var entry = SellerKeys.LooksLikeSellerKey(presented) ? await SellerKeyAsync(presented, cancellationToken) : ConfiguredKey(presented);
        return entry is null ? null : Principal(entry, authenticationType);
    }

    ApiKeyEntry? ConfiguredKey(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        return keys.CurrentValue.ApiKeys.FirstOrDefault(k =>
            k.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Key), bytes));
    }

    async Task<ApiKeyEntry?> SellerKeyAsync(string presented, CancellationToken cancellationToken)
    {
        var found = await dataSource.QuerySingleOrDefaultAsync<(string SellerId, string KeyId)?>(
            "SELECT seller_id, key_id FROM seller_api_keys WHERE key_hash = @hash AND revoked_at IS NULL",
            new { hash = SellerKeys.Hash(Encoding.UTF8.GetBytes(presented)) }, cancellationToken);
        return found is var (sellerId, keyId)
            ? new ApiKeyEntry { Name = $"seller:{sellerId}:{keyId}", Roles = [Roles.Seller], SellerId = sellerId }
            : null;
    }

    static ClaimsPrincipal Principal(ApiKeyEntry entry, string authenticationType)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name) };
        claims.AddRange(entry.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        if (entry.SellerId is { } seller)
        {
            claims.Add(new Claim(Roles.SellerIdClaim, seller));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
