namespace OrderPipeline.Data.Sellers;

/// <summary>A seller's shipping delay for one product, and how far telling its shoppers has got.</summary>
public sealed class Delay
{
    public Guid DelayId { get; set; }
    public required string SellerId { get; set; }
    public required string ProductId { get; set; }
    public DateOnly NewShipDate { get; set; }
    public required string Reason { get; set; }
    /// <summary>Only orders accepted at or after this instant (with <see cref="PlacedBefore"/>: placed in a range).</summary>
    public DateTimeOffset? PlacedFrom { get; set; }
    /// <summary>Only orders accepted before this instant.</summary>
    public DateTimeOffset? PlacedBefore { get; set; }
    /// <summary>Only orders whose ship date (before this delay) is on or after this date.</summary>
    public DateOnly? ShipDateFrom { get; set; }
    /// <summary>Only orders whose ship date (before this delay) is on or before this date.</summary>
    public DateOnly? ShipDateTo { get; set; }
    /// <summary>
    /// Set on a correction: the delay whose date was wrong. A correction moves the orders that delay still holds to its own date
    /// and tells their shoppers once; it has no targets of its own.
    /// </summary>
    public Guid? Corrects { get; set; }
    /// <summary>One notice per shopper listing all of their affected orders, instead of one per order.</summary>
    public bool GroupByShopper { get; set; }
    /// <summary>While <c>Marking</c>: the last order id of the last committed slice (the next slice starts after it).</summary>
    public string? MarkedThrough { get; set; }
    /// <summary>The number the next chunk row gets.</summary>
    public int NextChunk { get; set; }
    /// <summary><see cref="DelayStates"/>.</summary>
    public required string State { get; set; }
    /// <summary>Orders marked <c>Delayed</c> by this delay (known once fanned out).</summary>
    public int Affected { get; set; }
    /// <summary>Notices to send: one per affected order whose shopper gave a phone or an e-mail.</summary>
    public int Notices { get; set; }
    public int Deferred { get; set; }
    public int Notified { get; set; }
    public int Failed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FannedOutAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>When the last progress event went to the seller's feed (at most one per 250 ms).</summary>
    public DateTimeOffset? ProgressAt { get; set; }
}
