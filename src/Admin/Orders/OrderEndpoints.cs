using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Orders;

/// <summary><c>GET /admin/orders/{orderId}</c>: "what happened to order X", for <c>opctl orders show</c> (the console's order page reads the same).</summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapAdminOrders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/orders/{orderId}", FindAsync).WithTags("Orders").WithName("OrderStory").RequireAuthorization(Roles.Staff)
            .WithSummary("An order's status, items, notifications with the provider's last answer, delays and dead letters")
            .Produces<OrderStoryView>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    static async Task<Results<Ok<OrderStoryView>, ProblemHttpResult>> FindAsync(string orderId, OrderLookup lookup, CancellationToken cancellationToken) =>
        await lookup.FindAsync(orderId, cancellationToken) is { } story
            ? TypedResults.Ok(OrderStoryView.Of(story))
            : Problems.NotFound($"No order '{orderId}'.");
}
