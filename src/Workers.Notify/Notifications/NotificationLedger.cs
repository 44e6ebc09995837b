using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data.Notifications;

namespace OrderPipeline.Notify.Notifications;

public enum ClaimResult
{
    /// <summary>This delivery sends it now.</summary>
    Claimed,
    /// <summary>Already sent (or skipped): a repeated message, nothing to do.</summary>
    Done,
    /// <summary>Another delivery is sending it right now; try again after its lease.</summary>
    InFlight,
}

/// <summary>
/// The record of every notification, keyed by its idempotency key. A sender claims a row (with a lease, so a
/// crashed sender's claim expires) before calling the provider, and marks it afterwards.
/// </summary>
public sealed class NotificationLedger(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<NotifyOptions> options)
{
    readonly TimeSpan _lease = TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);

    public async Task<ClaimResult> ClaimAsync(string key, string orderId, string kind, string channel, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            INSERT INTO notifications (idempotency_key, order_id, kind, channel, status, attempts, created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'Pending', 0, $5, $5) ON CONFLICT (idempotency_key) DO NOTHING
            """, key, orderId, kind, channel, now));
        batch.BatchCommands.Add(Command("""
            UPDATE notifications SET status = 'Sending', attempts = attempts + 1, claimed_at = $2, updated_at = $2
            WHERE idempotency_key = $1 AND (status IN ('Pending', 'Failed') OR (status = 'Sending' AND claimed_at < $3))
            RETURNING 'Claimed'
            """, key, now, now - _lease));
        batch.BatchCommands.Add(Command("SELECT status FROM notifications WHERE idempotency_key = $1", key));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var claimed = await reader.ReadAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        if (claimed)
        {
            return ClaimResult.Claimed;
        }

        await reader.ReadAsync(cancellationToken);
        return reader.GetString(0) == NotificationStatus.Sending ? ClaimResult.InFlight : ClaimResult.Done;
    }

    public Task MarkSentAsync(string key, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notifications SET status = 'Sent', last_error = NULL, updated_at = $2 WHERE idempotency_key = $1",
            cancellationToken, key, clock.GetUtcNow());

    /// <summary>Releases the claim: Pending (a retry may send it) or Failed (the provider refused it for good).</summary>
    public Task MarkFailedAsync(string key, string error, bool permanent, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notifications SET status = $2, last_error = $3, updated_at = $4 WHERE idempotency_key = $1",
            cancellationToken, key, permanent ? "Failed" : NotificationStatus.Pending, error.Length > 1000 ? error[..1000] : error, clock.GetUtcNow());

    /// <summary>Records a notification that will not be sent (for example: the seller has no webhook).</summary>
    public Task RecordSkippedAsync(string key, string orderId, string kind, string channel, string reason, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO notifications (idempotency_key, order_id, kind, channel, status, attempts, last_error, created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'Skipped', 0, $5, $6, $6) ON CONFLICT (idempotency_key) DO NOTHING
            """, cancellationToken, key, orderId, kind, channel, reason, clock.GetUtcNow());

    public async Task<(string Url, string Secret)?> FindWebhookAsync(string sellerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT url, secret FROM seller_webhooks WHERE seller_id = $1");
        command.Parameters.AddWithValue(sellerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return command;
    }
}
