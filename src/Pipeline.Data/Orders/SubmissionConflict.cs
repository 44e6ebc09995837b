using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Orders;

/// <summary>
/// An order message that reused an idempotency key with a different body. The first order stands; this row
/// is the record that the second was refused (<c>IdempotencyConflict</c>), for support and audit.
/// </summary>
public sealed class SubmissionConflict
{
    public long Id { get; set; }
    public required string OrderId { get; set; }
    public required string RequestHash { get; set; }
    public Guid? MessageId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class SubmissionConflictConfiguration : IEntityTypeConfiguration<SubmissionConflict>
{
    public void Configure(EntityTypeBuilder<SubmissionConflict> builder)
    {
        builder.ToTable("submission_conflicts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.OrderId).HasMaxLength(64);
        builder.Property(c => c.RequestHash).HasMaxLength(64);
        builder.HasIndex(c => new { c.OrderId, c.RequestHash }).IsUnique();
    }
}
