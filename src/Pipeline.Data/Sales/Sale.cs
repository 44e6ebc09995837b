namespace OrderPipeline.Data.Sales;

/// <summary>
/// A flash sale: while it runs (<see cref="StartsAt"/> ≤ now &lt; <see cref="EndsAt"/>, not ended early), orders for its
/// products wait in the sale lane (queue <c>orders-sale</c>) and are decided at no more than <see cref="AdmissionPerSecond"/>.
/// Sale ids are unique across sellers, like product ids. ADR 9.
/// </summary>
public sealed class Sale
{
    public required string SaleId { get; set; }
    public required string SellerId { get; set; }
    public required string[] ProductIds { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>Orders per second the seller expects at the peak: what the scaling plan sizes the lanes for.</summary>
    public int ExpectedPeakPerSecond { get; set; }
    /// <summary>Most sale orders decided per second, across every business worker; null: as fast as the workers can.</summary>
    public int? AdmissionPerSecond { get; set; }
    /// <summary>Set by <c>DELETE</c>: the sale ended early.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>The last place in line handed to an intake instance (each takes a block of numbers at a time).</summary>
    public long LastTicket { get; set; }
    /// <summary>The highest place in line decided so far (written with each batch the workers decide).</summary>
    public long AdmittedUpTo { get; set; }
    /// <summary>Sale orders decided so far.</summary>
    public long Decided { get; set; }
    /// <summary>When the next sale batch may be decided: the workers' shared pace (one reservation per batch, ADR 9).</summary>
    public DateTimeOffset PaceNext { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string StateAt(DateTimeOffset now) =>
        EndedAt is not null || now >= EndsAt ? SaleState.Ended : now >= StartsAt ? SaleState.Running : SaleState.Scheduled;
}
