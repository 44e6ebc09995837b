using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Orders;

/// <summary>
/// <c>GET /admin/orders/{orderId}</c>: "what happened to order X", for <c>opctl orders show</c> (the console's order page reads the same);
/// <c>GET /admin/orders/{orderId}/timeline</c>: its hops in time order, for on-call without a tracing backend.
/// </summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapAdminOrders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/orders/{orderId}", FindAsync).WithTags("Orders").WithName("OrderStory").RequireAuthorization(Roles.Staff)
            .WithSummary("An order's status, items, notifications with the provider's last answer, delays and dead letters")
            .Produces<OrderStoryView>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/admin/orders/{orderId}/timeline", TimelineAsync).WithTags("Orders").WithName("OrderTimeline").RequireAuthorization(Roles.Operators)
            .WithSummary("Every hop of one order in time order: accepted, decided, each notice and its provider's answer, retries, dead letters and replays")
            .Produces<OrderTimeline>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    static async Task<Results<Ok<OrderTimeline>, ProblemHttpResult>> TimelineAsync(string orderId, OrderLookup lookup, CancellationToken cancellationToken) =>
        await lookup.FindAsync(orderId, cancellationToken) is { } story
            ? TypedResults.Ok(OrderTimeline.Of(story))
            : Problems.NotFound($"No order '{orderId}'.");

    static async Task<Results<Ok<OrderStoryView>, ProblemHttpResult>> FindAsync(string orderId, OrderLookup lookup, CancellationToken cancellationToken) =>
        await lookup.FindAsync(orderId, cancellationToken) is { } story
            ? TypedResults.Ok(OrderStoryView.Of(story))
            : Problems.NotFound($"No order '{orderId}'.");
}
