using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrderPipeline.Data.DeadLetters;

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> builder)
    {
        builder.ToTable("dead_letters");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.DedupeKey).HasMaxLength(64);
        builder.HasIndex(d => d.DedupeKey).IsUnique();
        builder.Property(d => d.Queue).HasMaxLength(255);
        builder.Property(d => d.SourceQueue).HasMaxLength(255);
        builder.Property(d => d.Kind).HasMaxLength(16);
        builder.Property(d => d.MessageType).HasMaxLength(512);
        builder.Property(d => d.MessageId).HasMaxLength(128);
        builder.Property(d => d.CorrelationId).HasMaxLength(128);
        builder.Property(d => d.OrderId).HasMaxLength(64);
        builder.Property(d => d.SellerId).HasMaxLength(64);
        builder.Property(d => d.ContentType).HasMaxLength(128);
        builder.Property(d => d.Headers).HasColumnType("jsonb");
        builder.Property(d => d.ExceptionType).HasMaxLength(512);
        builder.Property(d => d.ConsumerType).HasMaxLength(512);
        builder.Property(d => d.Fingerprint).HasMaxLength(64);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.HasIndex(d => new { d.Status, d.Id });
        builder.HasIndex(d => d.Fingerprint);
        builder.HasIndex(d => d.OrderId);
        builder.HasIndex(d => d.SellerId);
        builder.HasIndex(d => d.MessageId);
        builder.HasIndex(d => d.ReplayJobId);
        builder.HasIndex(d => d.ReplayOf);
        builder.Property(d => d.ReplayedBy).HasMaxLength(128);
        builder.Property(d => d.DiscardedBy).HasMaxLength(128);
        builder.Property(d => d.DiscardReason).HasMaxLength(1000);
        builder.Property(d => d.ReplayError).HasMaxLength(1000);
    }
}
