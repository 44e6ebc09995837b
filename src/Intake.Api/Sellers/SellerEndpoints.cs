using OrderPipeline.Hosting.Security;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Sales;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// The one route group every seller endpoint is mapped on, with its policy: the key must act for the route's seller (the
/// seller's own key, or a seller-admin key). A seller endpoint cannot be added without it (<c>ArchitectureTests</c> checks).
/// </summary>
public static class SellerEndpoints
{
    public static IEndpointRouteBuilder MapSellers(this IEndpointRouteBuilder app)
    {
        var seller = app.MapGroup("/sellers/{sellerId}").WithTags("Sellers").RequireAuthorization(SellerAccess.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        seller.MapProducts();
        seller.MapWebhook();
        seller.MapWebhookTest();
        seller.MapDelays();
        seller.MapEvents();
        seller.MapSales();
        return app;
    }
}
