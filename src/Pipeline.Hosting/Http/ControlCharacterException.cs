using System.Text.Json;

namespace OrderPipeline.Hosting.Http;

public sealed class ControlCharacterException() : JsonException(Rule)
{
    public const string Rule = "Control characters are not allowed.";

    public static bool Contains(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
