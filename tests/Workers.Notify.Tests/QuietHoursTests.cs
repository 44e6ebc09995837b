using Microsoft.Extensions.Options;
using OrderPipeline.Notify;
using OrderPipeline.Notify.Delays;
using Xunit;

namespace OrderPipeline.Workers.Notify.Tests;

public sealed class QuietHoursTests
{
    static QuietHours Hours(Action<QuietHoursOptions>? configure = null)
    {
        var options = new NotifyOptions();
        options.QuietHours.SellerTimeZones["nyc-farm"] = "America/New_York";
        configure?.Invoke(options.QuietHours);
        return new QuietHours(Options.Create(options));
    }

    static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-23T11:59:00Z", null)]                     // 20:59 in Seoul: still allowed
    [InlineData("2026-11-23T12:00:00Z", "2026-11-23T23:00:00Z")]   // 21:00: quiet until 08:00 tomorrow (23:00 UTC)
    [InlineData("2026-11-23T16:40:00Z", "2026-11-23T23:00:00Z")]   // 01:40: quiet until 08:00 today
    [InlineData("2026-11-23T22:59:59Z", "2026-11-23T23:00:00Z")]   // 07:59:59
    [InlineData("2026-11-23T23:00:00Z", null)]                     // 08:00: allowed again
    public void A_window_across_midnight_defers_to_its_end_in_the_sellers_zone(string now, string? until) =>
        Assert.Equal(until is null ? null : Utc(until), Hours().DeferUntil(Utc(now), "seoul-farm"));

    [Fact]
    public void A_seller_with_its_own_zone_is_quiet_on_its_own_clock()
    {
        // 22:30 in Seoul but 08:30 in New York (EST, UTC-5): the New York seller's shoppers may be texted.
        Assert.Null(Hours().DeferUntil(Utc("2026-11-23T13:30:00Z"), "nyc-farm"));
        Assert.NotNull(Hours().DeferUntil(Utc("2026-11-23T13:30:00Z"), "seoul-farm"));
        // 23:00 in New York: quiet until 08:00 New York time (13:00 UTC next day).
        Assert.Equal(Utc("2026-11-25T13:00:00Z"), Hours().DeferUntil(Utc("2026-11-25T04:00:00Z"), "nyc-farm"));
    }

    [Fact]
    public void A_same_day_window_and_a_disabled_one()
    {
        var lunch = Hours(o => (o.Start, o.End) = (new TimeOnly(12, 0), new TimeOnly(13, 0)));
        Assert.Equal(Utc("2026-11-23T04:00:00Z"), lunch.DeferUntil(Utc("2026-11-23T03:30:00Z"), "seoul-farm")); // 12:30 → 13:00 KST
        Assert.Null(lunch.DeferUntil(Utc("2026-11-23T04:00:00Z"), "seoul-farm"));
        Assert.Null(Hours(o => o.Enabled = false).DeferUntil(Utc("2026-11-23T16:40:00Z"), "seoul-farm"));
    }
}
