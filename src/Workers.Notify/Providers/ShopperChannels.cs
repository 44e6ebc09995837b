namespace OrderPipeline.Notify.Providers;

public static class ShopperChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
}
