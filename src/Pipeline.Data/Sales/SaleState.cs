namespace OrderPipeline.Data.Sales;

public static class SaleState
{
    public const string Scheduled = "Scheduled";
    public const string Running = "Running";
    public const string Ended = "Ended";
}
