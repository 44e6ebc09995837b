using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Pages.DeadLetters;

public sealed class JobModel(DeadLetterBulk bulk) : PageModel
{
    public static readonly string[] FinishedStates = [ReplayJobStatus.Done, ReplayJobStatus.Cancelled, ReplayJobStatus.Failed];

    public ReplayJobView Job { get; private set; } = null!;
    public bool Finished => FinishedStates.Contains(Job.Status);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await bulk.GetReplayAsync(id, cancellationToken) is not { } job)
        {
            return NotFound();
        }

        Job = job;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken)
    {
        var (outcome, job) = await bulk.CancelReplayAsync(id, User.Actor(), cancellationToken);
        if (outcome == TriageOutcome.NotFound)
        {
            return NotFound();
        }

        TempData["Message"] = outcome == TriageOutcome.Done ? "Cancelled: what was already sent stays sent." : $"Already {job!.Status}.";
        return LocalRedirect($"/dead-letters/replay-jobs/{id}");
    }
}
