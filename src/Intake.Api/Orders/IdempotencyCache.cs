using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// What this instance remembers of recent idempotency keys: the request's hash and whether its publish
/// succeeded. A retry with the same body waits for (or replays) the first attempt; the same key with another
/// body is refused. Other instances do not see this memory; there the business worker refuses the second body
/// (<c>IdempotencyConflict</c>), because the order id, derived from the key, is already taken. Bounded: past
/// <see cref="IntakeOptions.IdempotencyMaxEntries"/> the expired keys go, then the oldest tenth (a forgotten key only moves the
/// refusal of a second body from the intake's 422 to the worker's <c>IdempotencyConflict</c>).
/// </summary>
public sealed class IdempotencyCache(TimeProvider clock, IOptions<IntakeOptions> options)
{
    readonly ConcurrentDictionary<(string Customer, string Key), Entry> _entries = new();
    readonly TimeSpan _window = TimeSpan.FromMinutes(options.Value.IdempotencyWindowMinutes);
    readonly int _maxEntries = options.Value.IdempotencyMaxEntries;
    readonly Lock _trimming = new();
    long _operations;

    public sealed class Entry(string hash, DateTimeOffset expiresAt)
    {
        readonly TaskCompletionSource<bool> _published = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Hash { get; } = hash;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public Task<bool> Published => _published.Task;
        public void Complete(bool published) => _published.TrySetResult(published);
    }

    public enum Outcome
    {
        /// <summary>This request is the first: publish, then <see cref="Entry.Complete"/>.</summary>
        Owner,
        /// <summary>An earlier request with this key and body was published: answer as it was answered.</summary>
        AlreadyPublished,
        /// <summary>Same key, different body.</summary>
        Conflict,
    }

    public async Task<(Outcome Outcome, Entry? Entry)> BeginAsync(string customerId, string key, string hash, CancellationToken cancellationToken)
    {
        if (_entries.Count >= _maxEntries)
        {
            Trim();
        }
        else
        {
            SweepNow();
        }

        var id = (customerId, key);
        while (true)
        {
            var now = clock.GetUtcNow();
            if (_entries.TryGetValue(id, out var existing) && existing.ExpiresAt > now)
            {
                if (!string.Equals(existing.Hash, hash, StringComparison.Ordinal))
                {
                    return (Outcome.Conflict, null);
                }

                if (await existing.Published.WaitAsync(cancellationToken))
                {
                    return (Outcome.AlreadyPublished, existing);
                }

                // The earlier attempt failed: take its place (only one retry wins the swap).
                var replacement = new Entry(hash, now + _window);
                if (_entries.TryUpdate(id, replacement, existing))
                {
                    return (Outcome.Owner, replacement);
                }

                continue;
            }

            var entry = new Entry(hash, now + _window);
            if (existing is null ? _entries.TryAdd(id, entry) : _entries.TryUpdate(id, entry, existing))
            {
                return (Outcome.Owner, entry);
            }
        }
    }

    public int Count => _entries.Count;

    void SweepNow()
    {
        if (Interlocked.Increment(ref _operations) % 4096 == 0)
        {
            RemoveExpired();
        }
    }

    /// <summary>At the bound: expired keys first; if that is not enough, the tenth closest to expiry (the oldest).</summary>
    void Trim()
    {
        lock (_trimming)
        {
            if (_entries.Count < _maxEntries)
            {
                return;
            }

            RemoveExpired();
            var excess = _entries.Count - _maxEntries * 9 / 10;
            if (excess <= 0)
            {
                return;
            }

            foreach (var (id, entry) in _entries.OrderBy(e => e.Value.ExpiresAt).Take(excess).ToList())
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(id, entry));
            }
        }
    }

    void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(id, entry));
            }
        }
    }
}
