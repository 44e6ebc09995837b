using System.Diagnostics;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Telemetry;
using RabbitMQ.Client.Exceptions;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// The one way dead letters go back to their queues, for a single replay and for a bulk replay job alike: each row is published
/// with confirms (awaited together) and <c>mandatory</c>, and what happened to it is recorded in the caller's transaction, one
/// row at a time. Sent: <c>Replayed</c> by whom (and which job), audited. Returned by the broker (its queue no longer exists):
/// the row stays <c>New</c> with <c>replay_error</c> saying why, audited, and the others go on. A broker that cannot be reached
/// throws, and nothing is marked.
/// </summary>
public sealed class DeadLetterReplay(RawPublisher publisher, TimeProvider clock)
{
    public async Task<ReplayResult> ReplayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ReplayRow> rows,
        string actor, long? jobId, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(rows.Select(row => PublishAsync(row, cancellationToken)));
        var replayed = outcomes.Where(o => o.Error is null).Select(o => o.Row).ToList();
        var refused = outcomes.Where(o => o.Error is not null).Select(o => (o.Row, Error: o.Error!)).ToList();
        var via = jobId is { } id ? $"replay job {id} " : "";
        var now = clock.GetUtcNow();

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (replayed.Count > 0)
        {
            batch.BatchCommands.Add(Sql.Batch("""
                WITH replayed AS (
                    UPDATE dead_letters SET status = 'Replayed', replayed_at = @now, replayed_by = @actor, replay_job_id = @jobId::bigint, replay_error = NULL,
                                            replay_error_at = NULL
                    WHERE id = ANY(@ids) RETURNING id, fingerprint, queue)
                INSERT INTO triage_audit (at, actor, action, dead_letter_id, fingerprint, detail)
                SELECT @now, @actor, 'replay', id, fingerprint, @via || 'to queue ' || queue FROM replayed
                """, ("ids", replayed.Select(r => r.Id).ToArray()), ("now", now), ("actor", actor), ("jobId", jobId), ("via", via)));
        }

        if (refused.Count > 0)
        {
            batch.BatchCommands.Add(Sql.Batch("""
                WITH refused AS (
                    UPDATE dead_letters d SET replay_error = u.error, replay_error_at = @now
                    FROM unnest(@ids::bigint[], @errors::text[]) AS u(id, error) WHERE d.id = u.id RETURNING d.id, d.fingerprint, u.error)
                INSERT INTO triage_audit (at, actor, action, dead_letter_id, fingerprint, detail)
                SELECT @now, @actor, 'replay-refused', id, fingerprint, @via || error FROM refused
                """, ("ids", refused.Select(r => r.Row.Id).ToArray()), ("errors", refused.Select(r => r.Error).ToArray()), ("now", now), ("actor", actor),
                ("via", via)));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        return new ReplayResult(replayed.Select(r => r.Id).ToList(), refused.Select(r => (r.Row.Id, r.Error)).ToList());
    }

    async Task<(ReplayRow Row, string? Error)> PublishAsync(ReplayRow row, CancellationToken cancellationToken)
    {
        try
        {
            var properties = ReplayEnvelope.Properties(row.Id, row.MessageId, row.ContentType, row.Headers);
            // The replay is a span of the message's own trace, and the replayed message's consume its child.
            using var span = PipelineTelemetry.StartInTrace("replay dead letter", ActivityKind.Producer,
                properties.Headers!.TryGetValue(PipelineTelemetry.MessageTraceHeader, out var trace) ? trace as string : null, null);
            if (span is not null)
            {
                span.SetTag("orderpipeline.dead_letter_id", row.Id);
                properties.Headers![PipelineTelemetry.MessageTraceHeader] = span.Id;
            }

            await publisher.PublishToQueueAsync(row.Queue, row.Body, properties, cancellationToken);
            return (row, null);
        }
        catch (PublishException e) when (e.IsReturn)
        {
            var reason = e is PublishReturnException returned ? $" ({returned.ReplyCode} {returned.ReplyText})" : "";
            return (row, $"The broker returned it{reason}: queue '{row.Queue}' does not exist any more. Declare it (start its worker) and replay again.");
        }
    }
}
