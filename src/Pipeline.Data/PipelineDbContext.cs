using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data.Catalogue;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Data.Flags;
using OrderPipeline.Data.Notifications;
using OrderPipeline.Data.Orders;
using OrderPipeline.Data.Sales;
using OrderPipeline.Data.Sellers;

namespace OrderPipeline.Data;

/// <summary>
/// The one schema every host shares. Hot paths (deciding an order, claiming a notification) use set-based
/// SQL through Npgsql; this context owns the schema, its migrations and the low-volume reads and writes.
/// </summary>
public sealed class PipelineDbContext(DbContextOptions<PipelineDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<SellerWebhook> SellerWebhooks => Set<SellerWebhook>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderItem> OrderItems => Set<OrderItem>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<SubmissionConflict> SubmissionConflicts => Set<SubmissionConflict>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
    public DbSet<TriageAudit> TriageAudit => Set<TriageAudit>();
    public DbSet<ReplayJob> ReplayJobs => Set<ReplayJob>();
    public DbSet<DeadLetterGroupOwner> DeadLetterGroupOwners => Set<DeadLetterGroupOwner>();
    public DbSet<DeadLetterNote> DeadLetterNotes => Set<DeadLetterNote>();
    public DbSet<DeadLetterAlert> DeadLetterAlerts => Set<DeadLetterAlert>();
    public DbSet<FeatureFlag> FeatureFlags => Set<FeatureFlag>();
    public DbSet<FeatureFlagChange> FeatureFlagChanges => Set<FeatureFlagChange>();
    public DbSet<FlagInstance> FlagInstances => Set<FlagInstance>();
    public DbSet<Delay> Delays => Set<Delay>();
    public DbSet<DelayChunk> DelayChunks => Set<DelayChunk>();
    public DbSet<SellerApiKey> SellerApiKeys => Set<SellerApiKey>();
    public DbSet<SellerEvent> SellerEvents => Set<SellerEvent>();
    public DbSet<Sale> Sales => Set<Sale>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PipelineDbContext).Assembly);
        // Every flip takes the next number: a process's highest loaded version says which flips it has applied.
        modelBuilder.HasSequence<long>("feature_flag_version");
    }
}
