using System.Net;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Webhooks;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("93.184.216.34", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.10.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.100.100.200", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("fc00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:93.184.216.34", true)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:a00:1::1", false)]
    [InlineData("2002:5db8:d822::1", true)]
    [InlineData("2001:db8::1", false)]
    public void Only_public_addresses_are_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://93.184.216.34/hooks/orders", null)]
    [InlineData("http://93.184.216.34/hooks/orders", "https")]
    [InlineData("ftp://93.184.216.34/hooks", "https")]
    [InlineData("https://127.0.0.1:8443/hook", "not a public address")]
    [InlineData("https://localhost/hook", "not a public address")]
    [InlineData("https://10.0.0.5/hook", "not a public address")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "not a public address")]
    [InlineData("https://[::1]/hook", "not a public address")]
    [InlineData("https://[fd00:ec2::254]/hook", "not a public address")]
    [InlineData("https://[::ffff:192.168.0.1]/hook", "not a public address")]
    [InlineData("https://user:password@93.184.216.34/hook", "credentials")]
    [InlineData("https://no-such-host.invalid/hook", "does not resolve")]
    [InlineData("not a url", "absolute")]
    public async Task Production_refuses_what_is_not_https_to_a_public_address(string url, string? refusal)
    {
        var reason = await Targets(allowHttp: false, allowLoopback: false).RefusalAsync(url, CancellationToken.None);
        if (refusal is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(refusal, reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Development_allows_plain_http_to_this_machine_and_nothing_else_inside()
    {
        var development = Targets(allowHttp: true, allowLoopback: true);
        Assert.Null(await development.RefusalAsync("http://127.0.0.1:5090/webhooks/farm", CancellationToken.None));
        Assert.Null(await development.RefusalAsync("http://localhost:5090/webhooks/farm", CancellationToken.None));
        Assert.Contains("not a public address", await development.RefusalAsync("http://10.0.0.5/hook", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("not a public address", await development.RefusalAsync("http://169.254.169.254/", CancellationToken.None), StringComparison.Ordinal);
    }

    static WebhookTargets Targets(bool allowHttp, bool allowLoopback) =>
        new(Options.Create(new WebhookTargetOptions { AllowHttp = allowHttp, AllowLoopback = allowLoopback }));
}
