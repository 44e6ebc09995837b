using Dapper;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Data.Flags;
using OrderPipeline.Hosting.Flags;

namespace OrderPipeline.Admin.Flags;

/// <summary>
/// Reading and flipping the flags, for the admin API and the console alike: a flip is written with its audit row in one
/// transaction, then broadcast (<see cref="FlagChanged"/>); every process reports the version it applied (<c>flag_instances</c>).
/// </summary>
public sealed class FlagSwitch(NpgsqlDataSource dataSource, IBus publisher, IServiceScopeFactory scopes, TimeProvider clock,
    IConfiguration configuration, ILogger<FlagSwitch> logger)
{
    /// <summary>What is wrong with a flip, by field (empty when it may go ahead).</summary>
    public static Dictionary<string, string[]> Validate(bool? enabled, string? reason, int? rolloutPercentage)
    {
        var errors = new Dictionary<string, string[]>();
        if (enabled is null)
        {
            errors["enabled"] = ["Required: true or false."];
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            errors["reason"] = ["Required: why the flag is flipped (1-1000 characters); it goes to the audit log."];
        }

        if (rolloutPercentage is < 0 or > 100)
        {
            errors["rolloutPercentage"] = ["0 to 100, or leave it out for everyone."];
        }

        return errors;
    }

    public async Task<List<FlagView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        var stored = await db.FeatureFlags.AsNoTracking().ToDictionaryAsync(f => f.Name, cancellationToken);
        return KnownFlags.All.Select(k => View(k, stored.GetValueOrDefault(k.Name))).ToList();
    }

    /// <summary>A flag with who has applied its current version; null for a flag nobody knows.</summary>
    public async Task<FlagView?> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        if (KnownFlags.Find(name) is not { } known)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        var stored = await db.FeatureFlags.AsNoTracking().SingleOrDefaultAsync(f => f.Name == name, cancellationToken);
        var now = clock.GetUtcNow();
        var liveSince = now - TimeSpan.FromSeconds(configuration.GetValue("Flags:InstanceTimeoutSeconds", 20));
        var instances = await db.FlagInstances.AsNoTracking().Where(i => i.HeartbeatAt > liveSince)
            .OrderBy(i => i.Service).ThenBy(i => i.InstanceId).ToListAsync(cancellationToken);
        var deadline = TimeSpan.FromSeconds(configuration.GetValue("Flags:AckDeadlineSeconds", 2.0));
        return View(known, stored) with { Propagation = Propagation(stored, instances, now, deadline) };
    }

    public async Task<List<FlagChangeView>?> HistoryAsync(string name, CancellationToken cancellationToken)
    {
        if (KnownFlags.Find(name) is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        return await db.FeatureFlagChanges.AsNoTracking().Where(c => c.Name == name).OrderByDescending(c => c.Id).Take(200)
            .Select(c => new FlagChangeView(c.Version, c.At, c.Actor, c.OldEnabled, c.NewEnabled, c.OldRolloutPercentage, c.NewRolloutPercentage, c.Reason))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Flips a known flag (validated with <see cref="Validate"/> first) and answers with it as it now is.</summary>
    public async Task<FlagView> SetAsync(KnownFlags.Definition known, bool enabled, int? rolloutPercentage, string reason, string actor,
        CancellationToken cancellationToken)
    {
        var name = known.Name;
        var now = clock.GetUtcNow();
        long version;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // A flag nobody has flipped yet has no row: create it with its default first, so the flip below has a row to lock.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO feature_flags (name, enabled, description, rollout_percentage, version, updated_at, updated_by)
                VALUES (@name, @enabled, @description, NULL, 0, @now, 'default') ON CONFLICT (name) DO NOTHING
                """, new { name, enabled = known.DefaultEnabled, description = known.Description, now }, transaction, cancellationToken: cancellationToken));
            var (oldEnabled, oldRollout) = await connection.QuerySingleAsync<(bool, int?)>(new CommandDefinition(
                "SELECT enabled, rollout_percentage FROM feature_flags WHERE name = @name FOR UPDATE", new { name }, transaction,
                cancellationToken: cancellationToken));
            version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                WITH updated AS (
                    UPDATE feature_flags SET enabled = @enabled, rollout_percentage = @rollout::int, version = nextval('feature_flag_version'),
                                             updated_at = @now, updated_by = @actor, reason = @reason
                    WHERE name = @name RETURNING version)
                INSERT INTO feature_flag_changes (name, at, actor, old_enabled, new_enabled, old_rollout_percentage, new_rollout_percentage, reason, version)
                SELECT @name, @now, @actor, @oldEnabled, @enabled, @oldRollout::int, @rollout::int, @reason, version FROM updated
                RETURNING version
                """, new { name, now, enabled, rollout = rolloutPercentage, actor, reason, oldEnabled, oldRollout }, transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogWarning("Feature flag {Flag} set to {Enabled} (rollout {Rollout}) by {Actor}, version {Version}: {Reason}",
            name, enabled, rolloutPercentage, actor, version, reason);
        // Processes also reload periodically, so a lost event delays the flip by at most one refresh interval.
        await publisher.Publish(new FlagChanged { Name = name, Version = version, ChangedAt = now }, cancellationToken);
        return (await DescribeAsync(name, cancellationToken))!;
    }


    static FlagPropagation Propagation(FeatureFlag? flag, List<FlagInstance> instances,
        DateTimeOffset now, TimeSpan deadline)
    {
        var version = flag?.Version ?? 0;
        var changedAt = flag?.UpdatedAt;
        var views = instances.Select(i =>
        {
            var applied = i.AppliedVersion >= version;
            var state = applied ? "Applied" : changedAt is { } at && now - at <= deadline ? "Pending" : "Late";
            double? took = applied && changedAt is { } changed && i.AppliedVersion == version && i.StartedAt <= changed
                ? Math.Max(0, (i.AppliedAt - changed).TotalSeconds)
                : null;
            return new FlagInstanceView(i.InstanceId, i.Service, i.Host, i.ProcessId, state, i.AppliedVersion, i.AppliedAt, took, i.HeartbeatAt,
                i.DatabaseReads, i.PausedQueues);
        }).ToList();
        var appliedCount = views.Count(v => v.State == "Applied");
        var slowest = views.Where(v => v.TookSeconds is not null).Select(v => v.TookSeconds).DefaultIfEmpty(null).Max();
        var laggards = views.Where(v => v.State == "Late").Select(v => v.Instance).ToList();
        var summary = $"{appliedCount} of {views.Count} instances applied version {version}"
            + (slowest is { } s && appliedCount == views.Count ? $" in {s.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)} s" : "")
            + (laggards.Count > 0 ? $"; not acknowledged within {deadline.TotalSeconds:0.#} s: {string.Join(", ", laggards)}" : "");
        return new FlagPropagation(version, views.Count, appliedCount, slowest, deadline.TotalSeconds, summary, laggards, views);
    }


    static FlagView View(KnownFlags.Definition known, FeatureFlag? stored) => stored is null
        ? new FlagView(known.Name, known.DefaultEnabled, null, known.Description, 0, null, null, null)
        : new FlagView(known.Name, stored.Enabled, stored.RolloutPercentage, known.Description, stored.Version, stored.UpdatedAt, stored.UpdatedBy, stored.Reason);
}
