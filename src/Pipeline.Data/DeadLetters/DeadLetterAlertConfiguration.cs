using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

internal sealed class DeadLetterAlertConfiguration : IEntityTypeConfiguration<DeadLetterAlert>
{
    public void Configure(EntityTypeBuilder<DeadLetterAlert> builder)
    {
        builder.ToTable("dead_letter_alerts");
        builder.HasKey(a => a.Fingerprint);
        builder.Property(a => a.Fingerprint).HasMaxLength(64);
    }
}
