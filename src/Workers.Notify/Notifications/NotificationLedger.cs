using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
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
        await using var command = dataSource.CreateCommand("""
            WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(key, order_id, kind, channel)),
            inserted AS (
                INSERT INTO notifications (idempotency_key, order_id, kind, channel, status, attempts, claimed_at, created_at, updated_at)
                SELECT key, order_id, kind, channel, 'Sending', 1, $5, $5, $5 FROM input
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING idempotency_key),
            claimed AS (
                UPDATE notifications n SET status = 'Sending', attempts = n.attempts + 1, claimed_at = $5, updated_at = $5
                FROM input i
                WHERE n.idempotency_key = i.key
                  AND (n.status = 'Pending' OR (n.status = 'Sending' AND n.claimed_at < $6) OR (n.status = 'Failed' AND $7))
                RETURNING n.idempotency_key)
            SELECT i.key, i.key IN (SELECT idempotency_key FROM inserted UNION ALL SELECT idempotency_key FROM claimed), n.status
            FROM input i LEFT JOIN notifications n ON n.idempotency_key = i.key
            """);
        command.Parameters.AddWithValue(entries.Select(e => e.Key).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.OrderId).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Kind).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Channel).ToArray());
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now - _lease);
        command.Parameters.AddWithValue(replay);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var inFlight = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The status is as it was before this statement: Sending and not claimed here is another attempt's, within its lease.
            if (reader.GetBoolean(1))
            {
                claimed.Add(reader.GetString(0));
            }
            else if (!reader.IsDBNull(2) && reader.GetString(2) == NotificationStatus.Sending)
            {
                inFlight.Add(reader.GetString(0));
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

        await using var command = dataSource.CreateCommand("""
            UPDATE notifications n SET status = u.status, last_error = u.error, updated_at = $4
            FROM unnest($1::text[], $2::text[], $3::text[]) AS u(key, status, error)
            WHERE n.idempotency_key = u.key AND n.status = 'Sending'
            """);
        command.Parameters.AddWithValue(outcomes.Select(o => o.Key).ToArray());
        command.Parameters.AddWithValue(outcomes.Select(o => Status(o.Outcome)).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => Truncate(o.Error)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.AddWithValue(clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The webhooks of these sellers (one query for a whole batch).</summary>
    public async Task<Dictionary<string, (string Url, string Secret)>> FindWebhooksAsync(IReadOnlyCollection<string> sellerIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seller_id, url, secret FROM seller_webhooks WHERE seller_id = ANY($1)");
        command.Parameters.AddWithValue(sellerIds.ToArray());
        var hooks = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hooks[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return hooks;
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
