using Microsoft.Extensions.Options;

namespace OrderPipeline.Notify.Delays;

/// <summary>Whether a text message may go out now, and if not, when it may (the end of the seller's local quiet window).</summary>
public sealed class QuietHours(IOptions<NotifyOptions> options)
{
    readonly QuietHoursOptions _options = options.Value.QuietHours;

    /// <summary>Null when a text may be sent at <paramref name="now"/>; otherwise the UTC instant the quiet window ends.</summary>
    public DateTimeOffset? DeferUntil(DateTimeOffset now, string sellerId)
    {
        if (!_options.Enabled || _options.Start == _options.End)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(_options.SellerTimeZones.GetValueOrDefault(sellerId) ?? _options.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = _options.Start < _options.End
            ? time >= _options.Start && time < _options.End
            : time >= _options.Start || time < _options.End;
        if (!quiet)
        {
            return null;
        }

        var endDay = DateOnly.FromDateTime(local.DateTime);
        if (time >= _options.End)
        {
            endDay = endDay.AddDays(1); // in the evening part of a window that ends tomorrow morning
        }

        var endLocal = endDay.ToDateTime(_options.End);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal)).ToUniversalTime();
    }
}
