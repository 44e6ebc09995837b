namespace OrderPipeline.Contracts;

/// <summary>A decision batch's confirmed orders whose sellers have a webhook, for queue <c>notify-webhook</c>.</summary>
public record SellerNewOrders
{
    public required IReadOnlyList<OrderConfirmed> Orders { get; init; }
}
