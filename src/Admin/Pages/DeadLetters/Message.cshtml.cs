using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Pages.DeadLetters;

/// <summary>One dead letter, its body and headers; replayed (the same code path as the API and the bulk job) or discarded with a reason.</summary>
public sealed class MessageModel(PipelineDbContext db, DeadLetterTriage triage) : PageModel
{
    public DeadLetterDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if ((await DeadLetterQueries.GetAsync(id, db, cancellationToken)).Result is not Ok<DeadLetterDetail> found)
        {
            return NotFound();
        }

        Detail = found.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostReplayAsync(long id, CancellationToken cancellationToken)
    {
        var (outcome, _, error) = await triage.ReplayAsync(id, User.Actor(), cancellationToken);
        return Done(id, outcome, outcome == TriageOutcome.Refused ? $"Not replayed: {error}" : "Replayed to its queue.");
    }

    public async Task<IActionResult> OnPostDiscardAsync(long id, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            return Done(id, TriageOutcome.Refused, "A discard needs a reason (1-1000 characters).");
        }

        var (outcome, _) = await triage.DiscardAsync(id, User.Actor(), reason, cancellationToken);
        return Done(id, outcome, "Discarded.");
    }

    IActionResult Done(long id, TriageOutcome outcome, string message)
    {
        if (outcome == TriageOutcome.NotFound)
        {
            return NotFound();
        }

        TempData["Message"] = outcome == TriageOutcome.Conflict ? "Already replayed or discarded." : message;
        TempData["Failed"] = outcome != TriageOutcome.Done;
        return LocalRedirect($"/dead-letters/{id}");
    }
}
