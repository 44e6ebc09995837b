using Microsoft.AspNetCore.Http.HttpResults;
using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Data;

namespace OrderPipeline.Admin.Pages.DeadLetters;

public sealed class IndexModel(PipelineDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? OrderId { get; set; }
    [BindProperty(SupportsGet = true)] public string? SellerId { get; set; }

    public IReadOnlyList<DeadLetterGroup> Groups { get; private set; } = [];
    public IReadOnlyList<DeadLetterSummary>? Found { get; private set; }
    public string FilterQuery => QueryString.Create(new Dictionary<string, string?> { ["orderId"] = OrderId, ["sellerId"] = SellerId }
        .Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToUriComponent().TrimStart('?');

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (OrderId, SellerId) = (Blank(OrderId), Blank(SellerId));
        if (OrderId is not null || SellerId is not null)
        {
            var page = await DeadLetterQueries.ListAsync(db, null, null, null, null, null, null, OrderId, SellerId, DeadLetterQueries.MaxLimit, null, cancellationToken);
            Found = page.Result is Ok<DeadLetterPage> ok ? ok.Value!.Items : [];
        }

        Groups = (await DeadLetterQueries.GroupsAsync(db, null, cancellationToken)).Value!;
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
