using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Admin.Flags;
using OrderPipeline.Admin.Queues;
using OrderPipeline.Admin.Sellers;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Admin.Console;

/// <summary>
/// <c>/console/...</c>: what the console's pages read to stay live, with the console's cookie (never <c>X-Api-Key</c>; read-only,
/// so the cookie's SameSite=Strict is all the cross-site protection they need). 401/403 as status codes, never a redirect.
/// </summary>
public static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapConsoleLive(this IEndpointRouteBuilder app)
    {
        var live = app.MapGroup("/console").ExcludeFromDescription();
        live.MapGet("/replay-jobs/{id:long}", ReplayJobAsync).RequireAuthorization(ConsoleAuthentication.OnCall);
        live.MapGet("/queues", async (QueueBoard board, CancellationToken ct) => TypedResults.Ok(await board.ReadAsync(ct)))
            .RequireAuthorization(ConsoleAuthentication.Operators);
        live.MapGet("/flags/{name}", FlagAsync).RequireAuthorization(ConsoleAuthentication.Developer);
        live.MapGet("/sellers/{sellerId}/events", SellerEventsAsync).RequireAuthorization(ConsoleAuthentication.Seller);
        return app;
    }

    static async Task<Results<Ok<ReplayJobView>, ProblemHttpResult>> ReplayJobAsync(long id, DeadLetterBulk bulk, CancellationToken cancellationToken) =>
        await bulk.GetReplayAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"No replay job {id}.");

    static async Task<Results<Ok<FlagView>, ProblemHttpResult>> FlagAsync(string name, FlagSwitch flags, CancellationToken cancellationToken) =>
        await flags.DescribeAsync(name, cancellationToken) is { } flag ? TypedResults.Ok(flag) : Problems.NotFound($"No flag {name}.");

    /// <summary>The seller's event stream, relayed from the intake with the signed-in key (an EventSource cannot send the key itself).</summary>
    static async Task SellerEventsAsync(string sellerId, string? after, HttpContext http, IntakeClient intake)
    {
        var key = await http.GetTokenAsync(ConsoleAuthentication.Scheme, ConsoleAuthentication.KeyToken) ?? "";
        try
        {
            await intake.RelayEventsAsync(sellerId, key, http.Request.Headers["Last-Event-ID"].ToString(), after, http.Response, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser left: nothing to answer.
        }
        catch (HttpRequestException) when (!http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
        }
    }
}
