using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrderPipeline.Contracts;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Appends to a seller's real-time feed (<c>seller_events</c>) and tells every API instance (<see cref="SellerFeedsAppended"/>),
/// which pushes it to the seller's open Server-Sent Events streams. An event with a dedupe key is appended once however often
/// it is produced (a redelivery); a lost wake-up only delays delivery to the streams' next poll.
/// </summary>
public sealed class SellerFeed(NpgsqlDataSource dataSource, IBus publisher, TimeProvider clock, ILogger<SellerFeed> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync(string sellerId, string type, object data, string? dedupeKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await InsertAsync(connection, null, sellerId, type, data, dedupeKey, cancellationToken) is { } id)
        {
            await WakeAsync(sellerId, cancellationToken, id);
        }
    }

    /// <summary>
    /// Appends inside the caller's transaction (the event is there exactly when what it tells of is): call
    /// <see cref="WakeAsync"/> once that has committed.
    /// </summary>
    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sellerId, string type, object data, string? dedupeKey,
        CancellationToken cancellationToken) =>
        await InsertAsync(connection, transaction, sellerId, type, data, dedupeKey, cancellationToken);

    async Task<long?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sellerId, string type, object data, string? dedupeKey,
        CancellationToken cancellationToken)
    {
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO seller_events (seller_id, type, data, at, dedupe_key) VALUES (@sellerId, @type, @data::jsonb, @at, @dedupeKey::text)
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """, new { sellerId, type, data = JsonSerializer.Serialize(data, Json), at = clock.GetUtcNow(), dedupeKey }, transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Tells every API instance that the seller's feed has new events (a lost wake-up only waits for the next poll).</summary>
    public async Task WakeAsync(string sellerId, CancellationToken cancellationToken, long? id = null)
    {
        try
        {
            await publisher.Publish(new SellerFeedsAppended { SellerIds = [sellerId] }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Seller {SellerId} feed event {Id} stored; streams pick it up at their next poll", sellerId, id);
        }
    }
}
