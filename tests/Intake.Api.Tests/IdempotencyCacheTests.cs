using Microsoft.Extensions.Options;
using OrderPipeline.Intake.Orders;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class IdempotencyCacheTests
{
    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    readonly ManualClock _clock = new();
    readonly IdempotencyCache _cache;

    public IdempotencyCacheTests() =>
        _cache = new IdempotencyCache(_clock, Options.Create(new IntakeOptions { IdempotencyWindowMinutes = 10 }));

    [Fact]
    public async Task First_request_owns_the_key_and_a_retry_after_success_replays()
    {
        var (first, entry) = await _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
        Assert.Equal(IdempotencyCache.Outcome.Owner, first);
        entry!.Complete(true);

        var (second, _) = await _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
        Assert.Equal(IdempotencyCache.Outcome.AlreadyPublished, second);
    }

    [Fact]
    public async Task Same_key_with_another_body_is_a_conflict_within_the_window_only()
    {
        var (_, entry) = await _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
        entry!.Complete(true);
        Assert.Equal(IdempotencyCache.Outcome.Conflict, (await _cache.BeginAsync("c", "k", "h2", CancellationToken.None)).Outcome);

        _clock.Now += TimeSpan.FromMinutes(11);
        Assert.Equal(IdempotencyCache.Outcome.Owner, (await _cache.BeginAsync("c", "k", "h2", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Keys_are_per_customer()
    {
        await _cache.BeginAsync("c1", "k", "h1", CancellationToken.None);
        Assert.Equal(IdempotencyCache.Outcome.Owner, (await _cache.BeginAsync("c2", "k", "h2", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_concurrent_retry_waits_for_the_first_and_takes_over_when_it_failed()
    {
        var (_, entry) = await _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
        var retry = _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
        Assert.False(retry.IsCompleted);

        entry!.Complete(false);

        var (outcome, replacement) = await retry;
        Assert.Equal(IdempotencyCache.Outcome.Owner, outcome);
        Assert.NotSame(entry, replacement);
    }

    [Fact]
    public async Task Only_one_of_many_concurrent_retries_becomes_the_owner()
    {
        var (_, entry) = await _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
        // Each retry that becomes the owner publishes (successfully) at once, as the endpoint would.
        var retries = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var (outcome, next) = await _cache.BeginAsync("c", "k", "h1", CancellationToken.None);
            next?.Complete(true);
            return outcome;
        })).ToList();
        entry!.Complete(false);
        var outcomes = await Task.WhenAll(retries);
        var owners = outcomes.Count(o => o == IdempotencyCache.Outcome.Owner);
        Assert.Equal(19, outcomes.Count(o => o == IdempotencyCache.Outcome.AlreadyPublished));
        Assert.Equal(1, owners);
    }

    [Fact]
    public async Task The_cache_is_bounded_and_forgets_the_oldest_keys_first()
    {
        var cache = new IdempotencyCache(_clock, Options.Create(new IntakeOptions { IdempotencyWindowMinutes = 10, IdempotencyMaxEntries = 1000 }));
        for (var i = 0; i < 5000; i++)
        {
            _clock.Now += TimeSpan.FromMilliseconds(10);
            var (_, entry) = await cache.BeginAsync("c", $"k{i}", "h", CancellationToken.None);
            entry!.Complete(true);
        }

        Assert.InRange(cache.Count, 1, 1000);
        Assert.Equal(IdempotencyCache.Outcome.Conflict, (await cache.BeginAsync("c", "k4999", "other body", CancellationToken.None)).Outcome);
        Assert.Equal(IdempotencyCache.Outcome.Owner, (await cache.BeginAsync("c", "k0", "other body", CancellationToken.None)).Outcome);
    }
}
