using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Flags;

/// <summary><c>/admin/flags</c>: the kill switches, for keys with the <c>developer</c> role. Every flip is audited and broadcast.</summary>
public static class FlagEndpoints
{
    public static IEndpointRouteBuilder MapAdminFlags(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/flags").WithTags("Feature flags").RequireAuthorization(Roles.Developer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListFlags").WithSummary("List the feature flags");
        group.MapGet("/{name}", GetAsync).WithName("GetFlag").WithSummary("Read a flag with each instance's acknowledgement");
        group.MapPut("/{name}", PutAsync).WithName("SetFlag").WithSummary("Flip a flag (a reason is required)").Accepts<FlagUpdate>("application/json")
            .Produces<FlagView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/history", HistoryAsync).WithName("FlagHistory").WithSummary("A flag's history of flips");
        return app;
    }

    static async Task<Ok<List<FlagView>>> ListAsync(FlagSwitch flags, CancellationToken cancellationToken) =>
        TypedResults.Ok(await flags.ListAsync(cancellationToken));

    static async Task<Results<Ok<FlagView>, ProblemHttpResult>> GetAsync(string name, FlagSwitch flags, CancellationToken cancellationToken) =>
        await flags.DescribeAsync(name, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound($"No flag {name}. Known flags: {string.Join(", ", KnownFlags.All.Select(f => f.Name))}.");

    static async Task<Results<Ok<List<FlagChangeView>>, ProblemHttpResult>> HistoryAsync(string name, FlagSwitch flags, CancellationToken cancellationToken) =>
        await flags.HistoryAsync(name, cancellationToken) is { } history ? TypedResults.Ok(history) : Problems.NotFound($"No flag {name}.");

    static async Task<IResult> PutAsync(string name, HttpContext http, ClaimsPrincipal user, FlagSwitch flags)
    {
        if (KnownFlags.Find(name) is not { } known)
        {
            return Problems.NotFound($"No flag {name}. Known flags: {string.Join(", ", KnownFlags.All.Select(f => f.Name))}.");
        }

        var (request, error) = await JsonBody.ReadAsync<FlagUpdate>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var errors = FlagSwitch.Validate(request!.Enabled, request.Reason, request.RolloutPercentage);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return TypedResults.Ok(await flags.SetAsync(known, request.Enabled!.Value, request.RolloutPercentage, request.Reason!, user.Actor(), http.RequestAborted));
    }
}
