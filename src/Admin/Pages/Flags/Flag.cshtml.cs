using OrderPipeline.Admin.Flags;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Pages.Flags;

/// <summary>One flag: flipped with a reason and a confirmation (the same code path as <c>PUT /admin/flags/{name}</c>), then each instance's acknowledgement, live.</summary>
public sealed class FlagModel(FlagSwitch flags) : PageModel
{
    public FlagView Flag { get; private set; } = null!;
    public IReadOnlyList<FlagChangeView> History { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string name, bool? enabled, int? rolloutPercentage, string? reason, bool confirmed,
        CancellationToken cancellationToken)
    {
        if (KnownFlags.Find(name) is not { } known)
        {
            return NotFound();
        }

        Errors = FlagSwitch.Validate(enabled, reason, rolloutPercentage);
        if (!confirmed)
        {
            Errors["confirmed"] = ["Tick the confirmation: a flip reaches every instance within seconds."];
        }

        if (Errors.Count > 0)
        {
            await LoadAsync(name, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await flags.SetAsync(known, enabled!.Value, rolloutPercentage, reason!.Trim(), User.Actor(), cancellationToken);
        return LocalRedirect($"/flags/{Uri.EscapeDataString(name)}");
    }

    async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (await flags.DescribeAsync(name, cancellationToken) is not { } flag)
        {
            return false;
        }

        Flag = flag;
        History = (await flags.HistoryAsync(name, cancellationToken))!;
        return true;
    }
}
