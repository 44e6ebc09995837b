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
            OrderPipeline.Hosting.Webhooks.WebhookSignature.Sign("Jefe", "what do ya want for nothing?"u8.ToArray()));
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
    public void Each_notice_has_its_own_key_per_channel_and_says_what_was_decided()
    {
        var confirmed = new ShopperNotice { OrderId = "o1", Kind = NoticeKinds.OrderConfirmed, To = "a@b.co", ItemCount = 2, Total = 1250.5m, Currency = "KRW" };
        var email = ShopperNotices.Message(confirmed, ShopperChannels.Email);
        var sms = ShopperNotices.Message(confirmed with { To = "+8210" }, ShopperChannels.Sms);
        Assert.Equal(["o1:OrderConfirmed:email", "o1:OrderConfirmed:sms"], [email.IdempotencyKey, sms.IdempotencyKey]);
        Assert.Equal(("a@b.co", "Order o1 confirmed"), (email.To, email.Subject));
        Assert.Equal(("+8210", null), (sms.To, sms.Subject));
        Assert.Equal("Your order o1 is confirmed: 2 item(s), 1250.5 KRW.", sms.Text);

        var rejected = ShopperNotices.Message(new ShopperNotice { OrderId = "o2", Kind = NoticeKinds.OrderRejected, To = "a@b.co", ItemCount = 0,
            Reason = RejectionReasons.OutOfStock }, ShopperChannels.Email);
        Assert.Equal("o2:OrderRejected:email", rejected.IdempotencyKey);
        Assert.Equal("Sorry, your order o2 was not accepted: an item is out of stock. You were not charged.", rejected.Text);
    }
}
