using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.ApiKeys;

/// <summary>
/// Sellers' API keys (<c>seller-admin</c> role): issue one (shown once, stored as its SHA-256), list them by their public
/// key id, and revoke one, which takes effect on the next request (keys are looked up per request, never cached).
/// </summary>
public static class SellerKeyEndpoints
{
    public static IEndpointRouteBuilder MapAdminSellerKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/admin/sellers/{sellerId}/api-keys").WithTags("Seller keys").RequireAuthorization(Roles.SellerAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapPost("/", IssueAsync).WithName("IssueSellerKey").WithSummary("Issue a seller's API key (shown once)").Produces<IssuedSellerKey>(StatusCodes.Status201Created).ProducesValidationProblem();
        keys.MapGet("/", ListAsync).WithName("ListSellerKeys").WithSummary("List a seller's keys by id").Produces<List<SellerKeyView>>().ProducesValidationProblem();
        keys.MapDelete("/{keyId}", RevokeAsync).WithName("RevokeSellerKey").WithSummary("Revoke a seller's key").Produces<SellerKeyView>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<IResult> IssueAsync(string sellerId, NpgsqlDataSource dataSource, TimeProvider clock, ClaimsPrincipal user, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(sellerId))
        {
            return Problems.Validation(new() { ["sellerId"] = [Identifiers.Rule] });
        }

        var (key, keyId, now) = (SellerKeys.New(), SellerKeys.NewId(), clock.GetUtcNow());
        await dataSource.ExecuteAsync(
            "INSERT INTO seller_api_keys (key_hash, key_id, seller_id, created_at, created_by) VALUES (@hash, @keyId, @sellerId, @now, @actor)",
            new { hash = SellerKeys.Hash(Encoding.UTF8.GetBytes(key)), keyId, sellerId, now, actor = user.Actor() }, cancellationToken);
        loggers.CreateLogger("OrderPipeline.Sellers").LogWarning("API key {KeyId} issued for seller {SellerId} by {Actor}", keyId, sellerId, user.Actor());
        return TypedResults.Created($"/admin/sellers/{sellerId}/api-keys/{keyId}", new IssuedSellerKey(sellerId, keyId, key, now));
    }

    static async Task<IResult> ListAsync(string sellerId, PipelineDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.SellerApiKeys.AsNoTracking().Where(k => k.SellerId == sellerId).OrderBy(k => k.CreatedAt)
            .Select(k => new SellerKeyView(k.SellerId, k.KeyId, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.RevokedBy))
            .ToListAsync(cancellationToken));

    /// <summary>Revoking a revoked key again answers with it as it is (the first revocation stands).</summary>
    static async Task<IResult> RevokeAsync(string sellerId, string keyId, NpgsqlDataSource dataSource, TimeProvider clock, ClaimsPrincipal user,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var revoked = await dataSource.QuerySingleOrDefaultAsync<(DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset RevokedAt, string RevokedBy)?>("""
            UPDATE seller_api_keys SET revoked_at = coalesce(revoked_at, @now), revoked_by = coalesce(revoked_by, @actor)
            WHERE seller_id = @sellerId AND key_id = @keyId
            RETURNING created_at, created_by, revoked_at, revoked_by
            """, new { sellerId, keyId, now = clock.GetUtcNow(), actor = user.Actor() }, cancellationToken);
        if (revoked is not var (createdAt, createdBy, revokedAt, revokedBy))
        {
            return Problems.NotFound($"Seller '{sellerId}' has no key '{keyId}'.");
        }

        var view = new SellerKeyView(sellerId, keyId, createdAt, createdBy, revokedAt, revokedBy);
        loggers.CreateLogger("OrderPipeline.Sellers").LogWarning("API key {KeyId} of seller {SellerId} revoked by {Actor}", keyId, sellerId, user.Actor());
        return TypedResults.Ok(view);
    }
}
