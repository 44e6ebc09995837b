using Microsoft.AspNetCore.Authentication;
using OrderPipeline.Admin.Console;

namespace OrderPipeline.Admin.Pages;

public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return LocalRedirect("/signin");
    }
}
