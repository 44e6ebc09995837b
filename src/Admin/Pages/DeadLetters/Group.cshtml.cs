using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Pages.DeadLetters;

public sealed class GroupModel(PipelineDbContext db, DeadLetterOwnership ownership) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Fingerprint { get; set; } = "";
    [TempData] public string? Message { get; set; }
    [TempData] public bool Failed { get; set; }

    public GroupDetail Detail { get; private set; } = null!;
    public IReadOnlyList<DeadLetterSummary> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if ((await DeadLetterQueries.GroupAsync(Fingerprint, db, cancellationToken)).Result is not Ok<GroupDetail> found)
        {
            return NotFound();
        }

        Detail = found.Value!;
        var page = await DeadLetterQueries.ListAsync(db, null, null, Fingerprint, null, null, null, null, null, 100, null, cancellationToken);
        Messages = page.Result is Ok<DeadLetterPage> ok ? ok.Value!.Items : [];
        return Page();
    }

    public async Task<IActionResult> OnPostAssignAsync(string? assignee, bool takeOver, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(assignee) || assignee.Length > 128)
        {
            return Done("Say who works on this group (1-128 characters).", failed: true);
        }

        var (outcome, owner) = await ownership.AssignAsync(Fingerprint, assignee.Trim(), takeOver, User.Actor(), cancellationToken);
        return outcome switch
        {
            AssignOutcome.Assigned => Done($"Assigned to {owner!.Assignee}."),
            AssignOutcome.NoSuchGroup => NotFound(),
            _ => Done($"{owner!.Assignee} has this group since {owner.AssignedAt:u}; tick \"take over\" to take it.", failed: true),
        };
    }

    public async Task<IActionResult> OnPostReleaseAsync(CancellationToken cancellationToken) =>
        await ownership.ReleaseAsync(Fingerprint, User.Actor(), cancellationToken) ? Done("Released.") : Done("Nobody had it.", failed: true);

    public async Task<IActionResult> OnPostNoteAsync(string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            return Done("A note needs 1-4000 characters.", failed: true);
        }

        return await ownership.AddNoteAsync(Fingerprint, text, User.Actor(), cancellationToken) is null ? NotFound() : Done("Note added.");
    }

    RedirectToPageResult Done(string message, bool failed = false)
    {
        (Message, Failed) = (message, failed);
        return RedirectToPage(new { Fingerprint });
    }
}
