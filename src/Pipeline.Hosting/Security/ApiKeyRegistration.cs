using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace OrderPipeline.Hosting.Security;

public static class ApiKeyRegistration
{
    /// <summary>
    /// API-key authentication and one policy per role plus <see cref="SellerAccess.Policy"/>. No default scheme: the key is
    /// read only where an endpoint's policy asks for it, so public endpoints never authenticate (nor touch the database for it).
    /// </summary>
    public static AuthenticationBuilder AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section);
        services.AddSingleton<ApiKeyResolver>();
        // With one scheme ASP.NET Core would make it the default and run it on every request; it must not.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        var authentication = services.AddAuthentication();
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in (string[])[Roles.OnCall, Roles.Developer, Roles.SellerAdmin])
        {
            authorization.AddPolicy(role, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(role));
        }

        foreach (var (policy, roles) in Roles.AnyOf)
        {
            authorization.AddPolicy(policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(roles));
        }

        authorization.AddPolicy(SellerAccess.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser().AddRequirements(new SellerAccess()));
        services.AddSingleton<IAuthorizationHandler, SellerAccess>();
        return authentication;
    }
}
