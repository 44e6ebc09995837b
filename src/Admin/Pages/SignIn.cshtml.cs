using OrderPipeline.Admin.Console;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Pages;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(SignInLimits.Policy)]
public sealed class SignInModel(ApiKeyResolver resolver, TimeProvider clock, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        var principal = key is { Length: > 0 and <= 512 } ? await resolver.ResolveAsync(key, ConsoleAuthentication.Scheme, HttpContext.RequestAborted) : null;
        if (principal is null)
        {
            logger.LogWarning("Console sign-in refused from {Address}", HttpContext.Connection.RemoteIpAddress);
            Error = "That key is not known (or has been revoked).";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await ConsoleAuthentication.SignInAsync(HttpContext, principal, key!, clock.GetUtcNow());
        logger.LogInformation("{Actor} signed in to the console", principal.Actor());
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
