using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Queues;

/// <summary><c>GET /admin/queues</c>: the board the console's queue page shows, for <c>opctl queues</c> and scripts.</summary>
public static class QueueEndpoints
{
    public static IEndpointRouteBuilder MapAdminQueues(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/queues", ReadAsync).WithTags("Queues").WithName("Queues").RequireAuthorization(Roles.Operators)
            .WithSummary("Every work, retry, error and skipped queue: depth, consumers, rates, and which flag or kill switch stopped it")
            .Produces<QueueBoardView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    static async Task<Ok<QueueBoardView>> ReadAsync(QueueBoard board, CancellationToken cancellationToken) =>
        TypedResults.Ok(await board.ReadAsync(cancellationToken));
}
