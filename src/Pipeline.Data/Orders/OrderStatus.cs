namespace OrderPipeline.Data.Orders;

public static class OrderStatus
{
    public const string Accepted = "Accepted";
    public const string Confirmed = "Confirmed";
    public const string Rejected = "Rejected";
    /// <summary>Confirmed, then a delay moved its ship date (not shipped yet).</summary>
    public const string Delayed = "Delayed";
    public const string Shipped = "Shipped";
}
