using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

internal sealed class DeadLetterGroupOwnerConfiguration : IEntityTypeConfiguration<DeadLetterGroupOwner>
{
    public void Configure(EntityTypeBuilder<DeadLetterGroupOwner> builder)
    {
        builder.ToTable("dead_letter_group_owners");
        builder.HasKey(o => o.Fingerprint);
        builder.Property(o => o.Fingerprint).HasMaxLength(64);
        builder.Property(o => o.Assignee).HasMaxLength(128);
        builder.Property(o => o.AssignedBy).HasMaxLength(128);
    }
}
