using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

public static class DelayStates
{
    public const string Accepted = "Accepted";
    /// <summary>Orders being marked, in committed slices; the notices of each slice go out while later ones are marked.</summary>
    public const string Marking = "Marking";
    public const string FanningOut = "Fanning out";
    public const string Done = "Done";
}

/// <summary>
/// Up to <c>Business:DelayChunkSize</c> notices of one delay on one channel, sent as one bulk request: the chunk's status
/// is each of its orders' notice status (the bulk send accepts or refuses them together), so recording a send is one
/// row, not one per order. <c>(delay_id, chunk)</c> is the idempotency: a redelivered chunk finds itself sent.
/// </summary>
public sealed class DelayChunk
{
    public Guid DelayId { get; set; }
    public int Chunk { get; set; }
    public required string Channel { get; set; }
    public required string[] OrderIds { get; set; }
    public required string[] Recipients { get; set; }
    /// <summary><c>Pending</c>, <c>Sending</c>, <c>Sent</c>, <c>Failed</c> or <c>Deferred</c> (quiet hours).</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>The attempt that claimed it (a fresh id per attempt: a redelivery of the same message is another attempt).</summary>
    public Guid? ClaimedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeferredUntil { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A seller's API key, stored as its SHA-256 (the key itself is shown once, when created).</summary>
public sealed class SellerApiKey
{
    public required string KeyHash { get; set; }
    /// <summary>The key's public name (<c>key_</c> + 16 hex digits): listed and revoked by it, never by the key.</summary>
    public required string KeyId { get; set; }
    public required string SellerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

internal sealed class DelayConfiguration : IEntityTypeConfiguration<Delay>
{
    public void Configure(EntityTypeBuilder<Delay> builder)
    {
        builder.ToTable("delays");
        builder.HasKey(d => d.DelayId);
        builder.Property(d => d.SellerId).HasMaxLength(64);
        builder.Property(d => d.ProductId).HasMaxLength(64);
        builder.Property(d => d.Reason).HasMaxLength(500);
        builder.Property(d => d.State).HasMaxLength(16);
        builder.Property(d => d.MarkedThrough).HasMaxLength(64);
        // Declaring the same delay (or the same correction) again finds this row instead of telling the shoppers twice.
        builder.HasIndex(d => new { d.ProductId, d.NewShipDate, d.Reason, d.PlacedFrom, d.PlacedBefore, d.ShipDateFrom, d.ShipDateTo, d.Corrects, d.GroupByShopper })
            .IsUnique().AreNullsDistinct(false).HasDatabaseName("ix_delays_declaration");
        builder.HasIndex(d => new { d.SellerId, d.CreatedAt });
    }
}

internal sealed class DelayChunkConfiguration : IEntityTypeConfiguration<DelayChunk>
{
    public void Configure(EntityTypeBuilder<DelayChunk> builder)
    {
        builder.ToTable("delay_chunks");
        builder.HasKey(c => new { c.DelayId, c.Chunk });
        builder.Property(c => c.Channel).HasMaxLength(16);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.HasIndex(c => c.DeferredUntil).HasFilter("status = 'Deferred'");
        builder.HasIndex(c => c.ClaimedAt).HasFilter("status = 'Sending'");
    }
}

internal sealed class SellerApiKeyConfiguration : IEntityTypeConfiguration<SellerApiKey>
{
    public void Configure(EntityTypeBuilder<SellerApiKey> builder)
    {
        builder.ToTable("seller_api_keys");
        builder.HasKey(k => k.KeyHash);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.KeyId).HasMaxLength(32);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.Property(k => k.SellerId).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(200);
        builder.Property(k => k.RevokedBy).HasMaxLength(200);
        builder.HasIndex(k => k.SellerId);
    }
}
