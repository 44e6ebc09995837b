using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrderPipeline.Contracts;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// The open seller streams of this instance, within limits (<see cref="SellerStreamOptions"/>), and what wakes them: a
/// <see cref="SellerFeedsAppended"/> from any worker (every API instance receives it on a queue of its own), and one shared
/// poller (<see cref="SellerStreamPoller"/>) in case a wake-up was lost, instead of a poll per stream.
/// </summary>
public sealed class SellerStreamHub(IOptions<IntakeOptions> options)
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action>> _listeners = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    readonly SellerStreamOptions _limits = options.Value.SellerStreams;
    readonly Lock _gate = new();
    int _open;

    /// <summary>Registers a stream, or returns null when the seller (or this instance) already has as many open as allowed.</summary>
    public IDisposable? TryListen(string sellerId, Action wake)
    {
        var id = Guid.NewGuid();
        lock (_gate)
        {
            var listeners = _listeners.GetOrAdd(sellerId, _ => new());
            if (_open >= _limits.MaxTotal || listeners.Count >= _limits.MaxPerSeller)
            {
                return null;
            }

            listeners[id] = wake;
            _open++;
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_listeners.TryGetValue(sellerId, out var listeners) && listeners.TryRemove(id, out _))
                {
                    _open--;
                    if (listeners.IsEmpty)
                    {
                        _listeners.TryRemove(sellerId, out _);
                        _lastSeen.TryRemove(sellerId, out _);
                    }
                }
            }
        });
    }

    public int Open => Volatile.Read(ref _open);

    /// <summary>The sellers with an open stream here, for the shared poller.</summary>
    public string[] Sellers => _listeners.Keys.ToArray();

    /// <summary>Wakes the seller's streams if <paramref name="lastId"/> is news to this instance (or unknown: null).</summary>
    public void Wake(string sellerId, long? lastId = null)
    {
        if (lastId is { } id)
        {
            var seen = _lastSeen.GetOrAdd(sellerId, 0);
            if (id <= seen || !_lastSeen.TryUpdate(sellerId, id, seen))
            {
                return;
            }
        }

        if (_listeners.TryGetValue(sellerId, out var listeners))
        {
            foreach (var wake in listeners.Values)
            {
                wake();
            }
        }
    }

    sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
