using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

internal sealed class DeadLetterNoteConfiguration : IEntityTypeConfiguration<DeadLetterNote>
{
    public void Configure(EntityTypeBuilder<DeadLetterNote> builder)
    {
        builder.ToTable("dead_letter_notes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.Property(n => n.Fingerprint).HasMaxLength(64);
        builder.Property(n => n.Author).HasMaxLength(128);
        builder.Property(n => n.Text).HasMaxLength(4000);
        builder.HasIndex(n => new { n.Fingerprint, n.Id });
    }
}
