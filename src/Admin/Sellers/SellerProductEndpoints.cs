using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Sellers;

/// <summary><c>GET /admin/sellers/{sellerId}/products</c>: a seller's catalogue and stock, for <c>opctl sellers products</c> (seller-admin).</summary>
public static class SellerProductEndpoints
{
    public static IEndpointRouteBuilder MapAdminSellerProducts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/sellers/{sellerId}/products", ListAsync).WithTags("Seller keys").WithName("ListSellerProducts").RequireAuthorization(Roles.SellerAdmin)
            .WithSummary("List a seller's products with price, stock and ship date").Produces<List<SellerProductView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    static async Task<Ok<List<SellerProductView>>> ListAsync(string sellerId, PipelineDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Products.AsNoTracking().Where(p => p.SellerId == sellerId).OrderBy(p => p.ProductId)
            .Select(p => new SellerProductView(p.ProductId, p.Name, p.UnitPrice, p.Currency, p.Stock, p.ShipDate, p.UpdatedAt))
            .ToListAsync(cancellationToken));
}
