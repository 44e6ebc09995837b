using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Intake.Http;

namespace OrderPipeline.Intake.Admin;

/// <summary><c>/admin/dead-letters</c>: on-call's triage, with an API key that has the <c>oncall</c> role.</summary>
public static class DeadLetterEndpoints
{
    public static IEndpointRouteBuilder MapAdminDeadLetters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/dead-letters").WithTags("Dead letters").RequireAuthorization(AdminRoles.OnCall)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", DeadLetterQueries.ListAsync).WithName("ListDeadLetters");
        group.MapGet("/groups", DeadLetterQueries.GroupsAsync).WithName("DeadLetterGroups");
        group.MapGet("/{id:long}", DeadLetterQueries.GetAsync).WithName("GetDeadLetter");
        group.MapPost("/{id:long}/replay", ReplayAsync).WithName("ReplayDeadLetter");
        group.MapPost("/{id:long}/discard", DiscardAsync).WithName("DiscardDeadLetter").Accepts<DiscardRequest>("application/json");
        return app;
    }

    static async Task<Results<Ok<TriageResult>, ProblemHttpResult>> ReplayAsync(long id, ClaimsPrincipal user, DeadLetterTriage triage, CancellationToken cancellationToken)
    {
        var (outcome, result) = await triage.ReplayAsync(id, user.Actor(), cancellationToken);
        return Answer(id, outcome, result);
    }

    static async Task<IResult> DiscardAsync(long id, HttpContext http, ClaimsPrincipal user, DeadLetterTriage triage)
    {
        var (request, error) = await JsonBody.ReadAsync<DiscardRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(request!.Reason) || request.Reason.Length > 1000)
        {
            return Problems.Validation(new() { ["reason"] = ["Required: why this message is discarded (1-1000 characters)."] });
        }

        var (outcome, result) = await triage.DiscardAsync(id, user.Actor(), request.Reason, http.RequestAborted);
        return Answer(id, outcome, result);
    }

    static Results<Ok<TriageResult>, ProblemHttpResult> Answer(long id, TriageOutcome outcome, TriageResult? result) => outcome switch
    {
        TriageOutcome.Done => TypedResults.Ok(result!),
        TriageOutcome.NotFound => Problems.NotFound($"No dead letter {id}."),
        _ => Problems.Status(StatusCodes.Status409Conflict, "Already handled", $"Dead letter {id} was already replayed or discarded."),
    };
}
