namespace OrderPipeline.Contracts;

public static class NoticeKinds
{
    public const string OrderConfirmed = "OrderConfirmed";
    public const string OrderRejected = "OrderRejected";
}
