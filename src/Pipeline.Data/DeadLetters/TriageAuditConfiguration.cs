using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

internal sealed class TriageAuditConfiguration : IEntityTypeConfiguration<TriageAudit>
{
    public void Configure(EntityTypeBuilder<TriageAudit> builder)
    {
        builder.ToTable("triage_audit");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Actor).HasMaxLength(128);
        builder.Property(a => a.Action).HasMaxLength(32);
        builder.Property(a => a.Fingerprint).HasMaxLength(64);
        builder.HasIndex(a => a.DeadLetterId);
        builder.HasIndex(a => a.At);
    }
}
