namespace OrderPipeline.Integration.Tests.Hostile;

/// <summary>One request of the corpus: <see cref="Index"/> and the corpus seed reproduce it exactly.</summary>
public sealed record HostileRequest(int Index, string Case, HttpMethod Method, string Path, string? ContentType, byte[]? Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public override string ToString() =>
        $"#{Index} {Case}: {Method} {Path} ({ContentType ?? "no content type"}, {Body?.Length ?? 0} bytes{(Headers.Count > 0 ? ", " + string.Join(", ", Headers.Select(h => $"{h.Key}: {Shorten(h.Value)}")) : "")})";

    static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>What the corpus aims at: a real product of a real seller, with a key that acts for that seller.</summary>
public sealed record HostileTargets(string SellerId, string ProductId, string SellerKey, string OtherSellersKey, string OrderId);
