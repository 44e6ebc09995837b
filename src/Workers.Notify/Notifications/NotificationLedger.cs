using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Data.Notifications;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// The record of every notification, keyed by its idempotency key, claimed and recorded a whole batch at a time: one statement
/// claims every notice of a batch message (with a lease, so a crashed sender's claim expires), one records how each ended.
/// </summary>
public sealed class NotificationLedger(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<NotifyOptions> options)
{
    readonly TimeSpan _lease = TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);

    /// <summary>
    /// Claims the entries that are new, pending, or left sending past their lease; with <paramref name="replay"/> (a dead letter
    /// sent back by on-call) also those that failed for good. Sent, skipped and (without a replay) failed ones are done.
    /// </summary>
    public async Task<Claim> ClaimAsync(IReadOnlyList<LedgerEntry> entries, bool replay, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var inFlight = new HashSet<string>(StringComparer.Ordinal);
        var rows = await dataSource.QueryAsync<(string Key, bool Claimed, string? Status)>("""
            WITH input AS (SELECT * FROM unnest(@keys::text[], @orderIds::text[], @kinds::text[], @channels::text[]) AS u(key, order_id, kind, channel)),
            inserted AS (
                INSERT INTO notifications (idempotency_key, order_id, kind, channel, status, attempts, claimed_at, created_at, updated_at)
                SELECT key, order_id, kind, channel, 'Sending', 1, @now, @now, @now FROM input
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING idempotency_key),
            claimed AS (
                UPDATE notifications n SET status = 'Sending', attempts = n.attempts + 1, claimed_at = @now, updated_at = @now
                FROM input i
                WHERE n.idempotency_key = i.key
                  AND (n.status = 'Pending' OR (n.status = 'Sending' AND n.claimed_at < @staleBefore) OR (n.status = 'Failed' AND @replay))
                RETURNING n.idempotency_key)
            SELECT i.key, i.key IN (SELECT idempotency_key FROM inserted UNION ALL SELECT idempotency_key FROM claimed), n.status
            FROM input i LEFT JOIN notifications n ON n.idempotency_key = i.key
            """, new
        {
            keys = entries.Select(e => e.Key).ToArray(), orderIds = entries.Select(e => e.OrderId).ToArray(), kinds = entries.Select(e => e.Kind).ToArray(),
            channels = entries.Select(e => e.Channel).ToArray(), now, staleBefore = now - _lease, replay,
        }, cancellationToken);
        foreach (var (key, wasClaimed, status) in rows)
        {
            // The status is as it was before this statement: Sending and not claimed here is another attempt's, within its lease.
            if (wasClaimed)
            {
                claimed.Add(key);
            }
            else if (status == NotificationStatus.Sending)
            {
                inFlight.Add(key);
            }
        }

        return new Claim(claimed, inFlight);
    }

    /// <summary>Records how each claimed notification ended, in one statement (errors kept to 1,000 characters).</summary>
    public async Task RecordAsync(IReadOnlyList<(string Key, NoticeOutcome Outcome, string? Error)> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        await dataSource.ExecuteAsync("""
            UPDATE notifications n SET status = u.status, last_error = u.error, updated_at = @now
            FROM unnest(@keys::text[], @statuses::text[], @errors::text[]) AS u(key, status, error)
            WHERE n.idempotency_key = u.key AND n.status = 'Sending'
            """, new
        {
            keys = outcomes.Select(o => o.Key).ToArray(), statuses = outcomes.Select(o => Status(o.Outcome)).ToArray(),
            errors = outcomes.Select(o => Truncate(o.Error)).ToArray(), now = clock.GetUtcNow(),
        }, cancellationToken);
    }

    /// <summary>The webhooks of these sellers (one query for a whole batch).</summary>
    public async Task<Dictionary<string, (string Url, string Secret)>> FindWebhooksAsync(IReadOnlyCollection<string> sellerIds, CancellationToken cancellationToken)
    {
        return (await dataSource.QueryAsync<(string SellerId, string Url, string Secret)>(
                "SELECT seller_id, url, secret FROM seller_webhooks WHERE seller_id = ANY(@sellerIds)", new { sellerIds = sellerIds.ToArray() }, cancellationToken))
            .ToDictionary(h => h.SellerId, h => (h.Url, h.Secret), StringComparer.Ordinal);
    }

    static string Status(NoticeOutcome outcome) => outcome switch
    {
        NoticeOutcome.Sent => NotificationStatus.Sent,
        NoticeOutcome.Failed => "Failed",
        NoticeOutcome.Skipped => "Skipped",
        _ => NotificationStatus.Pending,
    };

    static string? Truncate(string? error) => error is null || error.Length <= 1000 ? error : error[..1000];
}
