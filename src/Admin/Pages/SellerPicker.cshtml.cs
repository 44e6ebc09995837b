using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;

namespace OrderPipeline.Admin.Pages;

/// <summary>Seller admins open any seller's center from here.</summary>
public sealed class SellerPickerModel(PipelineDbContext db) : PageModel
{
    public IReadOnlyList<string> Sellers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? sellerId, CancellationToken cancellationToken)
    {
        if (Hosting.Http.Identifiers.IsValid(sellerId))
        {
            return LocalRedirect($"/sellers/{sellerId}");
        }

        Sellers = await db.Products.AsNoTracking().Select(p => p.SellerId).Distinct().OrderBy(s => s).Take(200).ToListAsync(cancellationToken);
        return Page();
    }
}
