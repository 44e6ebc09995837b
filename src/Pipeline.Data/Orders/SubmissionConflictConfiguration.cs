using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.Orders;

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
