using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Notify;

/// <summary>
/// No text messages to shoppers between <see cref="Start"/> and <see cref="End"/> (local time); they are deferred to the end
/// of the window. The shopper's zone is not known, so the seller's applies (<see cref="SellerTimeZones"/>, else <see cref="TimeZone"/>).
/// </summary>
public sealed class QuietHoursOptions
{
    public bool Enabled { get; set; } = true;

    public TimeOnly Start { get; set; } = new(21, 0);

    public TimeOnly End { get; set; } = new(8, 0);

    /// <summary>IANA zone of sellers without one of their own.</summary>
    [Required] public string TimeZone { get; set; } = "Asia/Seoul";

    public Dictionary<string, string> SellerTimeZones { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often deferred notices whose window has ended are released.</summary>
    [Range(1, 3600)] public int SweepSeconds { get; set; } = 30;
}
