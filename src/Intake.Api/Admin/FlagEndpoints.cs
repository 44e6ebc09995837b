using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Intake.Http;

namespace OrderPipeline.Intake.Admin;

public sealed record FlagView(string Name, bool Enabled, int? RolloutPercentage, string Description, long Version, DateTimeOffset? UpdatedAt,
    string? UpdatedBy, string? Reason, FlagPropagation? Propagation = null);

/// <summary>Who has applied the flag's current version: every live process reports the version it applied and when.</summary>
public sealed record FlagPropagation(long Version, int Live, int Applied, double? SlowestSeconds, double DeadlineSeconds, string Summary,
    IReadOnlyList<string> Laggards, IReadOnlyList<FlagInstanceView> Instances);

/// <param name="State"><c>Applied</c>, <c>Pending</c> (not yet, still within the deadline) or <c>Late</c> (named in the laggards).</param>
/// <param name="TookSeconds">From the flip to this instance applying it; null if it started after the flip or has applied a later one since.</param>
public sealed record FlagInstanceView(string Instance, string Service, string Host, int ProcessId, string State, long AppliedVersion,
    DateTimeOffset AppliedAt, double? TookSeconds, DateTimeOffset HeartbeatAt, long DatabaseReads, string[] PausedQueues);

public sealed record FlagUpdate(bool? Enabled, string? Reason, int? RolloutPercentage);

public sealed record FlagChangeView(long Version, DateTimeOffset At, string Actor, bool OldEnabled, bool NewEnabled, int? OldRolloutPercentage,
    int? NewRolloutPercentage, string Reason);

/// <summary><c>/admin/flags</c>: the kill switches, for keys with the <c>developer</c> role. Every flip is audited and broadcast.</summary>
public static class FlagEndpoints
{
    public static IEndpointRouteBuilder MapAdminFlags(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/flags").WithTags("Feature flags").RequireAuthorization(Roles.Developer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListFlags");
        group.MapGet("/{name}", GetAsync).WithName("GetFlag");
        group.MapPut("/{name}", PutAsync).WithName("SetFlag").Accepts<FlagUpdate>("application/json");
        group.MapGet("/{name}/history", HistoryAsync).WithName("FlagHistory");
        return app;
    }

    static async Task<Ok<List<FlagView>>> ListAsync(PipelineDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.FeatureFlags.AsNoTracking().ToDictionaryAsync(f => f.Name, cancellationToken);
        return TypedResults.Ok(KnownFlags.All.Select(k => View(k, stored.GetValueOrDefault(k.Name))).ToList());
    }

    static async Task<Results<Ok<FlagView>, ProblemHttpResult>> GetAsync(string name, PipelineDbContext db, TimeProvider clock, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if (KnownFlags.Find(name) is not { } known)
        {
            return Problems.NotFound($"No flag {name}. Known flags: {string.Join(", ", KnownFlags.All.Select(f => f.Name))}.");
        }

        var stored = await db.FeatureFlags.AsNoTracking().SingleOrDefaultAsync(f => f.Name == name, cancellationToken);
        var now = clock.GetUtcNow();
        var liveSince = now - TimeSpan.FromSeconds(configuration.GetValue("Flags:InstanceTimeoutSeconds", 20));
        var instances = await db.FlagInstances.AsNoTracking().Where(i => i.HeartbeatAt > liveSince)
            .OrderBy(i => i.Service).ThenBy(i => i.InstanceId).ToListAsync(cancellationToken);
        var deadline = TimeSpan.FromSeconds(configuration.GetValue("Flags:AckDeadlineSeconds", 2.0));
        return TypedResults.Ok(View(known, stored) with { Propagation = Propagation(stored, instances, now, deadline) });
    }

    static FlagPropagation Propagation(OrderPipeline.Data.Flags.FeatureFlag? flag, List<OrderPipeline.Data.Flags.FlagInstance> instances,
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

    static async Task<Results<Ok<List<FlagChangeView>>, ProblemHttpResult>> HistoryAsync(string name, PipelineDbContext db, CancellationToken cancellationToken)
    {
        if (KnownFlags.Find(name) is null)
        {
            return Problems.NotFound($"No flag {name}.");
        }

        return TypedResults.Ok(await db.FeatureFlagChanges.AsNoTracking().Where(c => c.Name == name).OrderByDescending(c => c.Id).Take(200)
            .Select(c => new FlagChangeView(c.Version, c.At, c.Actor, c.OldEnabled, c.NewEnabled, c.OldRolloutPercentage, c.NewRolloutPercentage, c.Reason))
            .ToListAsync(cancellationToken));
    }

    static async Task<IResult> PutAsync(string name, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource dataSource, IPublishEndpoint publisher,
        TimeProvider clock, PipelineDbContext db, ILoggerFactory loggers)
    {
        if (KnownFlags.Find(name) is not { } known)
        {
            return Problems.NotFound($"No flag {name}. Known flags: {string.Join(", ", KnownFlags.All.Select(f => f.Name))}.");
        }

        var (request, error) = await JsonBody.ReadAsync<FlagUpdate>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.Enabled is null)
        {
            errors["enabled"] = ["Required: true or false."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
        {
            errors["reason"] = ["Required: why the flag is flipped (1-1000 characters); it goes to the audit log."];
        }

        if (request.RolloutPercentage is < 0 or > 100)
        {
            errors["rolloutPercentage"] = ["0 to 100, or leave it out for everyone."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var actor = user.Actor();
        var now = clock.GetUtcNow();
        long version;
        await using (var connection = await dataSource.OpenConnectionAsync(http.RequestAborted))
        await using (var transaction = await connection.BeginTransactionAsync(http.RequestAborted))
        {
            // A flag nobody has flipped yet has no row: create it with its default first, so the flip below has a row to lock.
            await using (var seed = new NpgsqlCommand("""
                INSERT INTO feature_flags (name, enabled, description, rollout_percentage, version, updated_at, updated_by)
                VALUES ($1, $2, $3, NULL, 0, $4, 'default') ON CONFLICT (name) DO NOTHING
                """, connection, transaction))
            {
                seed.Parameters.AddWithValue(name);
                seed.Parameters.AddWithValue(known.DefaultEnabled);
                seed.Parameters.AddWithValue(known.Description);
                seed.Parameters.AddWithValue(now);
                await seed.ExecuteNonQueryAsync(http.RequestAborted);
            }

            bool oldEnabled;
            int? oldRollout;
            await using (var lockRow = new NpgsqlCommand(
                "SELECT enabled, rollout_percentage FROM feature_flags WHERE name = $1 FOR UPDATE", connection, transaction))
            {
                lockRow.Parameters.AddWithValue(name);
                await using var reader = await lockRow.ExecuteReaderAsync(http.RequestAborted);
                await reader.ReadAsync(http.RequestAborted);
                (oldEnabled, oldRollout) = (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
            }

            await using var command = new NpgsqlCommand("""
                WITH updated AS (
                    UPDATE feature_flags SET enabled = $3, rollout_percentage = $4, version = nextval('feature_flag_version'),
                                             updated_at = $2, updated_by = $5, reason = $6
                    WHERE name = $1 RETURNING version)
                INSERT INTO feature_flag_changes (name, at, actor, old_enabled, new_enabled, old_rollout_percentage, new_rollout_percentage, reason, version)
                SELECT $1, $2, $5, $7, $3, $8, $4, $6, version FROM updated
                RETURNING version
                """, connection, transaction);
            command.Parameters.AddWithValue(name);
            command.Parameters.AddWithValue(now);
            command.Parameters.AddWithValue(request.Enabled!.Value);
            command.Parameters.AddWithValue((object?)request.RolloutPercentage ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
            command.Parameters.AddWithValue(actor);
            command.Parameters.AddWithValue(request.Reason!);
            command.Parameters.AddWithValue(oldEnabled);
            command.Parameters.AddWithValue((object?)oldRollout ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
            version = (long)(await command.ExecuteScalarAsync(http.RequestAborted))!;
            await transaction.CommitAsync(http.RequestAborted);
        }

        loggers.CreateLogger("OrderPipeline.Flags").LogWarning("Feature flag {Flag} set to {Enabled} (rollout {Rollout}) by {Actor}, version {Version}: {Reason}",
            name, request.Enabled, request.RolloutPercentage, actor, version, request.Reason);
        // Processes also reload periodically, so a lost event delays the flip by at most one refresh interval.
        await publisher.Publish(new FlagChanged { Name = name, Version = version, ChangedAt = now }, http.RequestAborted);
        return TypedResults.Ok(View(known, await db.FeatureFlags.AsNoTracking().SingleAsync(f => f.Name == name, http.RequestAborted)));
    }

    static FlagView View(KnownFlags.Definition known, OrderPipeline.Data.Flags.FeatureFlag? stored) => stored is null
        ? new FlagView(known.Name, known.DefaultEnabled, null, known.Description, 0, null, null, null)
        : new FlagView(known.Name, stored.Enabled, stored.RolloutPercentage, known.Description, stored.Version, stored.UpdatedAt, stored.UpdatedBy, stored.Reason);
}
