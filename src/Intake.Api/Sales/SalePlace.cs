namespace OrderPipeline.Intake.Sales;

/// <summary>A sale order's place as its address carries it: <c>{saleId}.{ticket}</c> (sale ids have no dot).</summary>
public static class SalePlace
{
    public static string Format(string saleId, long ticket) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{saleId}.{ticket}");

    public static bool TryParse(string? text, out (string SaleId, long Ticket) place)
    {
        place = default;
        var dot = text?.LastIndexOf('.') ?? -1;
        if (dot <= 0 || !OrderPipeline.Hosting.Http.Identifiers.IsValid(text![..dot])
            || !long.TryParse(text.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticket)
            || ticket < 1)
        {
            return false;
        }

        place = (text[..dot], ticket);
        return true;
    }
}
