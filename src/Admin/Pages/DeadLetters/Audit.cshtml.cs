using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;
using OrderPipeline.Data.DeadLetters;

namespace OrderPipeline.Admin.Pages.DeadLetters;

/// <summary>Who did what to which dead letter, newest first (the last 500, or a group's).</summary>
public sealed class AuditModel(PipelineDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Fingerprint { get; set; }

    public IReadOnlyList<TriageAudit> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var rows = db.TriageAudit.AsNoTracking();
        rows = string.IsNullOrWhiteSpace(Fingerprint) ? rows : rows.Where(a => a.Fingerprint == Fingerprint);
        Entries = await rows.OrderByDescending(a => a.Id).Take(500).ToListAsync(cancellationToken);
    }
}
