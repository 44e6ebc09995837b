using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Pages.DeadLetters;

/// <summary>A group or a filter, dry-run first, then replayed at a pace (a job the dead-letter worker runs) or discarded with a reason.</summary>
public sealed class ReplayModel(DeadLetterBulk bulk) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Fingerprint { get; set; }
    [BindProperty(SupportsGet = true)] public string? OrderId { get; set; }
    [BindProperty(SupportsGet = true)] public string? SellerId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Queue { get; set; }

    public DryRunResult? DryRun { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    DeadLetterSelection Selection => new()
    {
        Fingerprint = Blank(Fingerprint), OrderId = Blank(OrderId), SellerId = Blank(SellerId), Queue = Blank(Queue),
    };

    public string Describe() => string.Join(", ", new[] { ("group", Fingerprint), ("order", OrderId), ("seller", SellerId), ("queue", Queue) }
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1} {p.Item2}")) is { Length: > 0 } text ? text : "nothing yet";

    public async Task OnGetAsync(bool dryRun, CancellationToken cancellationToken)
    {
        Errors = Selection.Validate();
        if (dryRun && Errors.Count == 0)
        {
            DryRun = await bulk.DryRunAsync(Selection, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostReplayAsync(int ratePerSecond, int batchSize, CancellationToken cancellationToken)
    {
        Errors = Selection.Validate();
        if (ratePerSecond is < 1 or > 1000)
        {
            Errors["ratePerSecond"] = ["1 to 1000 messages per second."];
        }

        if (batchSize is < 1 or > 500)
        {
            Errors["batchSize"] = ["1 to 500 messages per batch."];
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var job = await bulk.StartReplayAsync(Selection, ratePerSecond, batchSize, User.Actor(), cancellationToken);
        return LocalRedirect($"/dead-letters/replay-jobs/{job.Id}");
    }

    public async Task<IActionResult> OnPostDiscardAsync(string? reason, CancellationToken cancellationToken)
    {
        Errors = Selection.Validate();
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            Errors["reason"] = ["Required: why these messages are discarded (1-1000 characters)."];
        }

        if (Errors.Count > 0)
        {
            DryRun = Errors.ContainsKey("reason") && Errors.Count == 1 ? await bulk.DryRunAsync(Selection, cancellationToken) : null;
            return Page();
        }

        var result = await bulk.DiscardAsync(Selection, reason!, User.Actor(), cancellationToken);
        TempData["Message"] = $"Discarded {result.Discarded} messages.";
        return Fingerprint is { Length: > 0 } ? LocalRedirect($"/dead-letters/groups/{Uri.EscapeDataString(Fingerprint)}") : LocalRedirect("/dead-letters");
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
