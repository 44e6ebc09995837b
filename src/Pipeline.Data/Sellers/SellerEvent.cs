using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Sellers;

/// <summary>
/// One event of a seller's real-time feed (new confirmed orders, delay progress). The id orders the feed and is the
/// Server-Sent Events id a reconnecting client resumes from; rows are kept an hour.
/// </summary>
public sealed class SellerEvent
{
    public long Id { get; set; }
    public required string SellerId { get; set; }
    public required string Type { get; set; }
    /// <summary>The event's JSON.</summary>
    public required string Data { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Set for events that happen once (an order confirmed, a delay done): appending one again does nothing.</summary>
    public string? DedupeKey { get; set; }
}

internal sealed class SellerEventConfiguration : IEntityTypeConfiguration<SellerEvent>
{
    public void Configure(EntityTypeBuilder<SellerEvent> builder)
    {
        builder.ToTable("seller_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.SellerId).HasMaxLength(64);
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.Data).HasColumnType("jsonb");
        builder.Property(e => e.DedupeKey).HasMaxLength(200);
        builder.HasIndex(e => new { e.SellerId, e.Id });
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.HasIndex(e => e.At);
    }
}
