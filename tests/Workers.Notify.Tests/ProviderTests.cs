using System.Net;
using OrderPipeline.Contracts;
using OrderPipeline.Notify.Notifications;
using OrderPipeline.Notify.Providers;
using Xunit;

namespace OrderPipeline.Workers.Notify.Tests;

public sealed class ProviderTests
{
    [Fact]
    public void Webhook_signature_is_hmac_sha256_hex_of_the_body()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            SellerWebhookChannel.Sign("Jefe", "what do ya want for nothing?"u8.ToArray()));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    [InlineData(HttpStatusCode.UnprocessableEntity, true)]
    [InlineData(HttpStatusCode.RequestTimeout, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    public async Task Provider_4xx_is_permanent_and_5xx_408_429_are_retried(HttpStatusCode status, bool permanent)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent("nope") };
        var error = await Assert.ThrowsAsync<ProviderException>(() => ProviderException.EnsureSuccessAsync(response, "gateway", CancellationToken.None));
        Assert.Equal(permanent, error.Permanent);
        Assert.Equal(permanent, Hosting.Retries.Faults.IsPermanent(error));
    }

    [Fact]
    public async Task Success_does_not_throw()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        await ProviderException.EnsureSuccessAsync(response, "gateway", CancellationToken.None);
    }

    [Fact]
    public void A_shopper_is_addressed_on_each_channel_they_gave_and_each_notice_has_its_own_key()
    {
        var both = new ContactInfo { Email = "a@b.co", Phone = "+8210" };
        Assert.Equal("a@b.co", ShopperNotices.Address(both, ShopperChannels.Email));
        Assert.Equal("+8210", ShopperNotices.Address(both, ShopperChannels.Sms));
        Assert.Null(ShopperNotices.Address(new ContactInfo { Email = "a@b.co" }, ShopperChannels.Sms));
        Assert.Null(ShopperNotices.Address(new ContactInfo { Phone = "" }, ShopperChannels.Sms));
        Assert.Null(ShopperNotices.Address(null, ShopperChannels.Email));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShopperNotices.Address(both, "fax"));
        var email = ShopperNotices.Job(null!, "o1", "OrderConfirmed", ShopperChannels.Email, "a@b.co", "s", "t");
        var sms = ShopperNotices.Job(null!, "o1", "OrderConfirmed", ShopperChannels.Sms, "+8210", null, "t");
        Assert.Equal(["o1:OrderConfirmed:email", "o1:OrderConfirmed:sms"], [email.Key, sms.Key]);
    }
}
