namespace OrderPipeline.Hosting.Security;

public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";

    /// <summary>Who acts with this key; recorded in the audit log.</summary>
    public string Name { get; set; } = "";

    public string[] Roles { get; set; } = [];

    /// <summary>For a key with the <c>seller</c> role: the one seller it acts for.</summary>
    public string? SellerId { get; set; }
}
