using System.Text.RegularExpressions;

namespace OrderPipeline.Hosting.Http;

public static partial class Identifiers
{
    /// <summary>What a bad id is told.</summary>
    public const string Rule = "1-64 characters of A-Z, a-z, 0-9, '_' or '-'.";

    /// <summary>Seller, product and customer ids: 1-64 of [A-Za-z0-9_-].</summary>
    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
