namespace OrderPipeline.Notify.Providers;

public interface IShopperChannel
{
    Task SendAsync(ShopperMessage message, CancellationToken cancellationToken);
}
