namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// A message that cannot be handled as it is (a required field missing, an id nothing knows): retrying cannot help, so it goes
/// to its error queue at once, and from there to the dead-letter table.
/// </summary>
public sealed class MalformedMessageException(string message) : Exception(message), IClassifiedFault
{
    public bool Permanent => true;

    /// <summary>Throws unless every named value is present (not null, not empty).</summary>
    public static void ThrowIfMissing(string messageType, params (string Field, object? Value)[] fields)
    {
        var missing = fields.Where(f => f.Value is null || f.Value is string { Length: 0 } || (f.Value is Guid id && id == Guid.Empty)).Select(f => f.Field).ToList();
        if (missing.Count > 0)
        {
            throw new MalformedMessageException($"{messageType} without {string.Join(", ", missing)}.");
        }
    }
}
