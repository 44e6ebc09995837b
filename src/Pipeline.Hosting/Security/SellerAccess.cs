using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrderPipeline.Hosting.Security;

/// <summary>
/// Policy <see cref="Policy"/>: the key acts for the seller named by the route's <c>{sellerId}</c> (its own seller key, or a
/// seller-admin key). Without a key 401, with another seller's key 403.
/// </summary>
public sealed class SellerAccess : AuthorizationHandler<SellerAccess>, IAuthorizationRequirement
{
    public const string Policy = "seller-access";
    public const string RouteValue = "sellerId";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SellerAccess requirement)
    {
        if (context.Resource is HttpContext http && http.GetRouteValue(RouteValue) is string sellerId && context.User.ActsFor(sellerId))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
