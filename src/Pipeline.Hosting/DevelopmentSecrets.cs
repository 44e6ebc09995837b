using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace OrderPipeline.Hosting;

/// <summary>
/// The development keys and secrets live in each host's <c>appsettings.Development.json</c> only. A host started in any other
/// environment with one of them configured (by a copied file or a leftover variable) refuses to start and names the setting.
/// </summary>
public static class DevelopmentSecrets
{
    /// <summary>The development receipt key starts with this.</summary>
    public const string ReceiptKeyPrefix = "development-only";

    /// <summary>Development API keys start with this.</summary>
    public const string ApiKeyPrefix = "dev-";

    /// <summary>The password every development role and user shares (script/lib.sh).</summary>
    public const string Password = "orderpipeline";

    /// <summary>The settings that hold a development secret, by their configuration path.</summary>
    public static IEnumerable<string> Find(IConfiguration configuration)
    {
        if (configuration["Intake:ReceiptKey"]?.StartsWith(ReceiptKeyPrefix, StringComparison.Ordinal) == true)
        {
            yield return "Intake:ReceiptKey";
        }

        foreach (var key in configuration.GetSection("Admin:ApiKeys").GetChildren())
        {
            if (key["Key"]?.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) == true)
            {
                yield return $"{key.Path}:Key";
            }
        }

        if (configuration.GetConnectionString("Pipeline") is { Length: > 0 } connectionString && PasswordOf(connectionString) == Password)
        {
            yield return "ConnectionStrings:Pipeline (Password)";
        }

        if (configuration["RabbitMq:Password"] == Password)
        {
            yield return "RabbitMq:Password";
        }
    }

    /// <summary>Throws, naming every such setting, unless the host runs in Development.</summary>
    public static void RefuseOutsideDevelopment(IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        var found = Find(configuration).ToList();
        if (found.Count > 0)
        {
            throw new InvalidOperationException(
                $"Refusing to start in the {environment.EnvironmentName} environment with development secrets configured: {string.Join(", ", found)}. "
                + "Set your own (README, \"Production\"), or run with ASPNETCORE_ENVIRONMENT=Development on a development machine.");
        }
    }

    static string? PasswordOf(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            return null; // a malformed connection string fails where it is used, with its own message
        }
    }
}
