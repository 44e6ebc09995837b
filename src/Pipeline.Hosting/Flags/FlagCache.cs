using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderPipeline.Hosting.Flags;

/// <summary>
/// Every flag's state in memory: what the hot path reads (no database round trip per request or message). Loaded from
/// <c>feature_flags</c> by <see cref="FlagRefresher"/> when a <c>FlagChanged</c> event arrives and periodically as a safety
/// net. Before the first load the defaults apply (<c>Flags:{name}</c> in configuration, else the flag's own default); if
/// PostgreSQL is unreachable the last known state stays, and health and logs say so.
/// </summary>
public sealed class FlagCache(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider clock, ILogger<FlagCache> logger)
{
    FrozenDictionary<string, FlagState> _flags = KnownFlags.All.ToFrozenDictionary(
        f => f.Name, f => new FlagState(f.Name, configuration.GetValue($"Flags:{f.Name}", f.DefaultEnabled), null, 0), StringComparer.Ordinal);
    long _databaseReads;

    public long Version { get; private set; }
    /// <summary>When this process applied <see cref="Version"/>.</summary>
    public DateTimeOffset? VersionAppliedAt { get; private set; }
    public DateTimeOffset? LoadedAt { get; private set; }
    public DateTimeOffset? LastFailureAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>How many times this process has read flags from the database (loads, not evaluations).</summary>
    public long DatabaseReads => Interlocked.Read(ref _databaseReads);

    public event Action<FlagCache>? Changed;

    public FlagState? Get(string name) => _flags.GetValueOrDefault(name);

    public bool IsEnabled(string name) => _flags.TryGetValue(name, out var flag) && flag.Enabled;

    public IReadOnlyCollection<FlagState> All => _flags.Values;

    /// <summary>Takes a loaded set of flags; returns whether anything changed since the last one.</summary>
    internal bool Apply(IEnumerable<FlagState> flags)
    {
        var loaded = new Dictionary<string, FlagState>(_flags, StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            loaded[flag.Name] = flag;
        }

        var version = loaded.Values.Max(f => f.Version);
        var changed = version != Version || LoadedAt is null;
        _flags = loaded.ToFrozenDictionary(StringComparer.Ordinal);
        LoadedAt = clock.GetUtcNow();
        if (changed)
        {
            Version = version;
            VersionAppliedAt = LoadedAt;
        }

        return changed;
    }

    /// <summary>Reads every flag; returns false (keeping the last known state) if the database cannot be reached.</summary>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Interlocked.Increment(ref _databaseReads);
            await using var command = dataSource.CreateCommand("SELECT name, enabled, rollout_percentage, version FROM feature_flags");
            var loaded = new Dictionary<string, FlagState>(_flags, StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var name = reader.GetString(0);
                    loaded[name] = new FlagState(name, reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt64(3));
                }
            }

            var previous = _flags;
            var changed = Apply(loaded.Values);
            if (LastError is not null)
            {
                logger.LogWarning("Feature flags readable again (version {Version})", Version);
            }

            LastError = null;
            if (changed)
            {
                foreach (var flag in _flags.Values.Where(f => !previous.TryGetValue(f.Name, out var before) || before != f))
                {
                    logger.LogWarning("Feature flag {Flag} is {State} (version {Version})", flag.Name, flag.Enabled ? "on" : "off", flag.Version);
                }

                Changed?.Invoke(this);
            }

            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            LastFailureAt = clock.GetUtcNow();
            if (LastError is null)
            {
                logger.LogError(e, "Cannot read feature flags; keeping the last known state (version {Version})", Version);
            }

            LastError = e.Message;
            return false;
        }
    }
}
