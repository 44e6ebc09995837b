using System.Security.Claims;

namespace OrderPipeline.Admin.Pages;

public sealed class IndexModel : PageModel
{
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public IActionResult OnGet()
    {
        Roles = User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        // A seller's own key has one page: its seller center.
        return User.FindFirst(Hosting.Security.Roles.SellerIdClaim)?.Value is { } seller && !User.IsInRole(Hosting.Security.Roles.SellerAdmin)
            ? LocalRedirect($"/sellers/{Uri.EscapeDataString(seller)}")
            : Page();
    }
}
