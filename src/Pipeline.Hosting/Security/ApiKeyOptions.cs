namespace OrderPipeline.Hosting.Security;

/// <summary>
/// Section <c>Admin</c>: the API keys of people and tools, with their roles (environment: <c>Admin__ApiKeys__0__Key</c>, ...).
/// Sellers' own keys are not here: they are issued through the admin API and stored hashed (<see cref="SellerKeys"/>).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Admin";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}
