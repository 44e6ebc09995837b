namespace OrderPipeline.Contracts;

public static class RejectionReasons
{
    public const string OutOfStock = "OutOfStock";
    public const string UnknownProduct = "UnknownProduct";
    public const string MixedSellers = "MixedSellers";
    public const string MixedCurrencies = "MixedCurrencies";
}
