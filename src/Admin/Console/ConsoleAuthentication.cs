using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Console;

/// <summary>
/// The console signs people in with their API key once (<c>/signin</c>) and then uses a cookie: HttpOnly, SameSite=Strict,
/// Secure outside Development, sliding. The key is kept in the (encrypted) cookie so the seller center can call the intake
/// as that seller, and checked again every <see cref="ConsoleOptions.RecheckKeySeconds"/>: a revoked key ends the session.
/// The admin API (<c>/admin/...</c>) never takes the cookie, only <c>X-Api-Key</c>, so no cross-site form can reach it.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "Console";
    public const string KeyToken = "api_key";
    const string CheckedAt = "key_checked_at";

    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "console-signed-in";
    public const string OnCall = "console-oncall";
    public const string Developer = "console-developer";
    /// <summary>The queues page: on-call and developers.</summary>
    public const string Operators = "console-operators";
    /// <summary>Order lookup: on-call, developers and seller admins.</summary>
    public const string Staff = "console-staff";
    /// <summary>Choosing any seller's center: seller admins.</summary>
    public const string SellerAdmin = "console-seller-admin";
    /// <summary>A seller's own pages: its own key, or a seller admin.</summary>
    public const string Seller = "console-seller";

    public static AuthenticationBuilder AddConsoleCookie(this AuthenticationBuilder authentication, IHostEnvironment environment)
    {
        authentication.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(console.Value.SessionMinutes));
        return authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "op_console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                // The live endpoints are fetched by script: a status code, not a redirect to a page.
                OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden),
                OnValidatePrincipal = RecheckKeyAsync,
            };
        });
    }

    static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/console"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        // A page someone may not see is a 403, shown with the console's own page (status code pages re-execute /status/403).
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    static async Task RecheckKeyAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        if (context.Properties.Items.TryGetValue(CheckedAt, out var checkedAt) && DateTimeOffset.TryParse(checkedAt, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && now - at < TimeSpan.FromSeconds(options.RecheckKeySeconds))
        {
            return;
        }

        var key = context.Properties.GetTokenValue(KeyToken);
        var principal = key is null ? null : await services.GetRequiredService<ApiKeyResolver>().ResolveAsync(key, Scheme, context.HttpContext.RequestAborted);
        if (principal is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.ReplacePrincipal(principal);
        context.Properties.Items[CheckedAt] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }

    /// <summary>Signs in with the principal the key resolved to, keeping the key for the seller center's calls to the intake.</summary>
    public static Task SignInAsync(HttpContext http, ClaimsPrincipal principal, string key, DateTimeOffset now)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.StoreTokens([new AuthenticationToken { Name = KeyToken, Value = key }]);
        properties.Items[CheckedAt] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return http.SignInAsync(Scheme, principal, properties);
    }

    public static void AddConsolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(OnCall, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.OnCall))
            .AddPolicy(Developer, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Developer))
            .AddPolicy(Operators, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.OnCall, Roles.Developer))
            .AddPolicy(Staff, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.OnCall, Roles.Developer, Roles.SellerAdmin))
            .AddPolicy(SellerAdmin, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.SellerAdmin))
            .AddPolicy(Seller, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().AddRequirements(new SellerAccess()));
    }

    /// <summary>Which role sees which pages; a page not named here needs a signed-in user of any role.</summary>
    public static void AuthorizeConsolePages(this PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/", SignedIn);
        pages.AuthorizeFolder("/DeadLetters", OnCall);
        pages.AuthorizeFolder("/Flags", Developer);
        pages.AuthorizePage("/Queues", Operators);
        pages.AuthorizePage("/Orders", Staff);
        pages.AuthorizeFolder("/Sellers", Seller);
        pages.AuthorizePage("/SellerPicker", SellerAdmin);
        pages.AllowAnonymousToPage("/SignIn");
        pages.AllowAnonymousToPage("/Status");
    }
}
