using System.Text.Json;

namespace OrderPipeline.Admin.Sellers;

/// <summary>The intake's answer: its status, and its JSON body (a problem's <c>detail</c> and <c>errors</c> included).</summary>
public sealed record IntakeAnswer(int Status, JsonElement Body)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>What a person should read when it did not work: the problem's detail, or each field's errors.</summary>
    public string Problem()
    {
        if (Body.ValueKind != JsonValueKind.Object)
        {
            return $"The intake answered {Status}.";
        }

        var parts = new List<string>();
        if (Body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            parts.AddRange(errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString()))}"));
        }
        else if (Body.TryGetProperty("detail", out var detail))
        {
            parts.Add(detail.GetString() ?? "");
        }
        else if (Body.TryGetProperty("title", out var title))
        {
            parts.Add(title.GetString() ?? "");
        }

        return parts.Count > 0 ? string.Join(" ", parts) : $"The intake answered {Status}.";
    }
}
