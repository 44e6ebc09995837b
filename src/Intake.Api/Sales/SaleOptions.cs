using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Intake.Sales;

/// <summary>Section <c>Intake:Sales</c>.</summary>
public sealed class SaleOptions
{
    public const string Section = "Intake:Sales";

    /// <summary>How often each instance reads the sales, their stock and how far their lines are decided: the most a sold-out door lags.</summary>
    [Range(50, 1000)] public int RefreshMilliseconds { get; set; } = 250;

    /// <summary>
    /// Places in line an instance takes from the database at a time (one query per block, never per order). A shopper's position is
    /// accurate to within this times the number of intake instances.
    /// </summary>
    [Range(1, 100_000)] public int TicketBlockSize { get; set; } = 100;

    /// <summary>Sale orders whose place this instance remembers for <c>GET /orders/{id}</c> (the oldest forgotten first).</summary>
    [Range(1000, 10_000_000)] public int RememberedTickets { get; set; } = 200_000;
}
