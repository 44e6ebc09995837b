using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.DeadLetters;

/// <summary><c>/admin/dead-letters</c>: on-call's triage, with an API key that has the <c>oncall</c> role.</summary>
public static class DeadLetterEndpoints
{
    public static IEndpointRouteBuilder MapAdminDeadLetters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/dead-letters").WithTags("Dead letters").RequireAuthorization(Roles.OnCall)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", DeadLetterQueries.ListAsync).WithName("ListDeadLetters").WithSummary("List dead letters, newest first");
        group.MapGet("/groups", DeadLetterQueries.GroupsAsync).WithName("DeadLetterGroups").WithSummary("List failure groups");
        group.MapGet("/{id:long}", DeadLetterQueries.GetAsync).WithName("GetDeadLetter").WithSummary("Read one dead letter whole");
        group.MapPost("/{id:long}/replay", ReplayAsync).WithName("ReplayDeadLetter").WithSummary("Replay one dead letter to its queue");
        group.MapPost("/{id:long}/discard", DiscardAsync).WithName("DiscardDeadLetter").WithSummary("Discard one dead letter with a reason").Accepts<DiscardRequest>("application/json")
            .Produces<TriageResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/replay", BulkReplayAsync).WithName("ReplayDeadLetters").WithSummary("Replay a selection at a pace (or dry-run it)").Accepts<BulkReplayRequest>("application/json")
            .Produces<ReplayJobView>(StatusCodes.Status202Accepted).Produces<DryRunResult>();
        group.MapGet("/replay-jobs", async (DeadLetterBulk bulk, CancellationToken ct) => TypedResults.Ok(await bulk.RecentReplaysAsync(ct)))
            .WithName("ListReplayJobs").WithSummary("List recent replay jobs");
        group.MapGet("/replay-jobs/{id:long}", GetReplayJobAsync).WithName("GetReplayJob").WithSummary("Read a replay job's progress");
        group.MapPost("/replay-jobs/{id:long}/cancel", CancelReplayJobAsync).WithName("CancelReplayJob").WithSummary("Cancel a replay job");
        group.MapPost("/discard", BulkDiscardAsync).WithName("DiscardDeadLetters").WithSummary("Discard a selection with a reason (or dry-run it)").Accepts<BulkDiscardRequest>("application/json")
            .Produces<BulkDiscardResult>().Produces<DryRunResult>();
        group.MapGet("/groups/{fingerprint}", DeadLetterQueries.GroupAsync).WithName("DeadLetterGroup").WithSummary("Read a failure group with its owner and notes");
        group.MapPut("/groups/{fingerprint}/assignee", AssignAsync).WithName("AssignDeadLetterGroup").WithSummary("Assign a failure group to someone").Accepts<AssignRequest>("application/json")
            .Produces<GroupOwnerView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/groups/{fingerprint}/assignee", ReleaseAsync).WithName("ReleaseDeadLetterGroup").WithSummary("Release a failure group")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/groups/{fingerprint}/notes", AddNoteAsync).WithName("AddDeadLetterGroupNote").WithSummary("Add a note to a failure group").Accepts<NoteRequest>("application/json")
            .Produces<NoteView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<IResult> BulkReplayAsync(HttpContext http, ClaimsPrincipal user, DeadLetterBulk bulk)
    {
        var (request, error) = await JsonBody.ReadAsync<BulkReplayRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var selection = Selection(request!.Ids, request.Filter);
        var errors = selection.Validate();
        if (request.RatePerSecond is < 1 or > 1000)
        {
            errors["ratePerSecond"] = ["1 to 1000 messages per second."];
        }

        if (request.BatchSize is < 1 or > 500)
        {
            errors["batchSize"] = ["1 to 500 messages per batch."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (request.DryRun)
        {
            return TypedResults.Ok(await bulk.DryRunAsync(selection, http.RequestAborted));
        }

        var job = await bulk.StartReplayAsync(selection, request.RatePerSecond ?? DeadLetterBulk.DefaultRatePerSecond,
            request.BatchSize ?? DeadLetterBulk.DefaultBatchSize, user.Actor(), http.RequestAborted);
        return TypedResults.Accepted($"/admin/dead-letters/replay-jobs/{job.Id}", job);
    }

    static async Task<Results<Ok<ReplayJobView>, ProblemHttpResult>> GetReplayJobAsync(long id, DeadLetterBulk bulk, CancellationToken cancellationToken) =>
        await bulk.GetReplayAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"No replay job {id}.");

    static async Task<Results<Ok<ReplayJobView>, ProblemHttpResult>> CancelReplayJobAsync(long id, ClaimsPrincipal user, DeadLetterBulk bulk,
        CancellationToken cancellationToken)
    {
        var (outcome, job) = await bulk.CancelReplayAsync(id, user.Actor(), cancellationToken);
        return outcome switch
        {
            TriageOutcome.Done => TypedResults.Ok(job!),
            TriageOutcome.NotFound => Problems.NotFound($"No replay job {id}."),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Already finished", $"Replay job {id} is {job!.Status}."),
        };
    }

    static async Task<IResult> BulkDiscardAsync(HttpContext http, ClaimsPrincipal user, DeadLetterBulk bulk)
    {
        var (request, error) = await JsonBody.ReadAsync<BulkDiscardRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var selection = Selection(request!.Ids, request.Filter);
        var errors = selection.Validate();
        if (!request.DryRun && !ValidReason(request.Reason))
        {
            errors["reason"] = ["Required: why these messages are discarded (1-1000 characters)."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return request.DryRun
            ? TypedResults.Ok(await bulk.DryRunAsync(selection, http.RequestAborted))
            : TypedResults.Ok(await bulk.DiscardAsync(selection, request.Reason!, user.Actor(), http.RequestAborted));
    }

    static async Task<IResult> AssignAsync(string fingerprint, HttpContext http, ClaimsPrincipal user, DeadLetterOwnership ownership)
    {
        var (request, error) = await JsonBody.ReadAsync<AssignRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(request!.Assignee) || request.Assignee.Length > 128)
        {
            return Problems.Validation(new() { ["assignee"] = ["Required: who works on this group (1-128 characters)."] });
        }

        var (outcome, owner) = await ownership.AssignAsync(fingerprint, request.Assignee.Trim(), request.TakeOver, user.Actor(), http.RequestAborted);
        return outcome switch
        {
            AssignOutcome.Assigned => TypedResults.Ok(owner),
            AssignOutcome.NoSuchGroup => Problems.NotFound($"No dead letter has fingerprint {fingerprint}."),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Already assigned",
                $"{owner!.Assignee} has this group since {owner.AssignedAt:u} (assigned by {owner.AssignedBy}); send takeOver: true to take it over."),
        };
    }

    static async Task<IResult> ReleaseAsync(string fingerprint, ClaimsPrincipal user, DeadLetterOwnership ownership, CancellationToken cancellationToken) =>
        await ownership.ReleaseAsync(fingerprint, user.Actor(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Group {fingerprint} is not assigned.");

    static async Task<IResult> AddNoteAsync(string fingerprint, HttpContext http, ClaimsPrincipal user, DeadLetterOwnership ownership)
    {
        var (request, error) = await JsonBody.ReadAsync<NoteRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(request!.Text) || request.Text.Length > 4000)
        {
            return Problems.Validation(new() { ["text"] = ["Required: the note (1-4000 characters)."] });
        }

        var note = await ownership.AddNoteAsync(fingerprint, request.Text, user.Actor(), http.RequestAborted);
        return note is null
            ? Problems.NotFound($"No dead letter has fingerprint {fingerprint}.")
            : TypedResults.Created($"/admin/dead-letters/groups/{fingerprint}", note);
    }

    static DeadLetterSelection Selection(long[]? ids, DeadLetterFilter? filter) => new()
    {
        Ids = ids,
        Queue = filter?.Queue,
        MessageType = filter?.MessageType,
        Fingerprint = filter?.Fingerprint,
        OrderId = filter?.OrderId,
        SellerId = filter?.SellerId,
        From = filter?.From,
        To = filter?.To,
    };

    static bool ValidReason([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? reason) => !string.IsNullOrWhiteSpace(reason) && reason.Length <= 1000;

    static async Task<Results<Ok<TriageResult>, ProblemHttpResult>> ReplayAsync(long id, ClaimsPrincipal user, DeadLetterTriage triage, CancellationToken cancellationToken)
    {
        var (outcome, result, error) = await triage.ReplayAsync(id, user.Actor(), cancellationToken);
        return outcome == TriageOutcome.Refused
            ? Problems.Status(StatusCodes.Status409Conflict, "Not replayed", $"Dead letter {id} was not replayed: {error}")
            : Answer(id, outcome, result);
    }

    static async Task<IResult> DiscardAsync(long id, HttpContext http, ClaimsPrincipal user, DeadLetterTriage triage)
    {
        var (request, error) = await JsonBody.ReadAsync<DiscardRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        if (!ValidReason(request!.Reason))
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
