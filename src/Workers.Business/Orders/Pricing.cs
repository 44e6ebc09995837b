namespace OrderPipeline.Business.Orders;

/// <summary>
/// The two pricing rules, side by side; flag <c>Business.PricingV2</c> picks one per customer (percentage rollout by
/// customer id, so a customer keeps one rule). Turning the flag off sends every new order back through <see cref="V1"/>;
/// an order already decided keeps the price it was given (redeliveries answer from its row).
/// </summary>
public static class Pricing
{
    /// <summary>List price.</summary>
    public const string V1 = "v1";

    /// <summary>Volume discount: <see cref="VolumeThreshold"/> or more of a product cost <see cref="VolumeDiscount"/> less each, rounded down to the cent.</summary>
    public const string V2 = "v2";

    public const int VolumeThreshold = 10;
    public const decimal VolumeDiscount = 0.10m;

    public static decimal UnitPrice(string rule, decimal listPrice, int quantity) => rule switch
    {
        V1 => listPrice,
        V2 => quantity >= VolumeThreshold ? Math.Round(listPrice * (1 - VolumeDiscount), 2, MidpointRounding.ToZero) : listPrice,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown pricing rule."),
    };
}
