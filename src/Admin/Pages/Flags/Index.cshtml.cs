using OrderPipeline.Admin.Flags;

namespace OrderPipeline.Admin.Pages.Flags;

public sealed class IndexModel(FlagSwitch flags) : PageModel
{
    public IReadOnlyList<FlagView> Flags { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Flags = await flags.ListAsync(cancellationToken);
}
