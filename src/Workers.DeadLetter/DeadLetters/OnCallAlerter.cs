using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>
/// Tells on-call about new dead letters: for each fingerprint with rows newer than its last alert, one message to the
/// configured webhook (Slack-style <c>text</c> plus the fields), at most once per <see cref="AlertOptions.IntervalSeconds"/>.
/// Rows that arrive within the interval are counted into the next alert, never dropped: the watermark only moves when the
/// webhook took the alert. Without a webhook the alert is logged at error level.
/// </summary>
public sealed class OnCallAlerter(
    NpgsqlDataSource dataSource, IHttpClientFactory http, IOptions<DeadLetterOptions> options, TimeProvider clock, ILogger<OnCallAlerter> logger)
{
    public const string HttpClientName = "on-call-alerts";

    /// <summary>Sends what is due; returns the alerts that went out.</summary>
    public async Task<IReadOnlyList<DeadLetterAlertMessage>> AlertAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Alerts;
        var now = clock.GetUtcNow();
        var due = await DueAsync(now, settings, cancellationToken);
        var sent = new List<DeadLetterAlertMessage>();
        foreach (var (alert, throughId) in due)
        {
            if (!await SendAsync(alert, settings, cancellationToken))
            {
                continue;
            }

            await dataSource.ExecuteAsync("""
                INSERT INTO dead_letter_alerts (fingerprint, last_alerted_at, alerted_through_id, alerts_sent) VALUES (@fingerprint, @now, @throughId, 1)
                ON CONFLICT (fingerprint) DO UPDATE SET last_alerted_at = @now, alerted_through_id = @throughId,
                                                        alerts_sent = dead_letter_alerts.alerts_sent + 1
                """, new { fingerprint = alert.Fingerprint, now, throughId }, cancellationToken);
            sent.Add(alert);
        }

        return sent;
    }

    async Task<List<(DeadLetterAlertMessage Alert, long ThroughId)>> DueAsync(DateTimeOffset now, AlertOptions settings, CancellationToken cancellationToken)
    {
        // Only rows of the last LookbackHours are considered, so the check stays cheap however many old rows wait for triage.
        await using var connection = dataSource.CreateConnection();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition("""
            SELECT d.fingerprint, count(*), max(d.id), min(d.moved_at), max(d.moved_at),
                   (array_agg(d.queue ORDER BY d.id DESC))[1], (array_agg(d.message_type ORDER BY d.id DESC))[1],
                   (array_agg(d.exception_type ORDER BY d.id DESC))[1], (array_agg(d.exception_message ORDER BY d.id DESC))[1],
                   (SELECT count(*) FROM dead_letters o WHERE o.fingerprint = d.fingerprint AND o.status = 'New')
            FROM dead_letters d LEFT JOIN dead_letter_alerts a ON a.fingerprint = d.fingerprint
            WHERE d.status = 'New' AND d.moved_at >= @now - make_interval(hours => @lookbackHours)
              AND d.id > coalesce(a.alerted_through_id, 0)
              AND (a.last_alerted_at IS NULL OR a.last_alerted_at <= @now - make_interval(secs => @intervalSeconds))
            GROUP BY d.fingerprint
            ORDER BY max(d.id)
            """, new { now, intervalSeconds = (double)settings.IntervalSeconds, lookbackHours = settings.LookbackHours }, cancellationToken: cancellationToken));
        var due = new List<(DeadLetterAlertMessage, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var fingerprint = reader.GetString(0);
            var count = reader.GetInt64(1);
            var queue = reader.GetString(5);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var (messageType, exceptionType, exceptionMessage) = (Text(6), Text(7), Text(8));
            var open = reader.GetInt64(9);
            var baseUrl = settings.LinkBaseUrl.TrimEnd('/');
            // The console's page of the group (replay, discard, notes); the API's list of its messages for scripts.
            var link = $"{baseUrl}/dead-letters/groups/{fingerprint}";
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{count} new dead letter(s) on {queue}: {exceptionType ?? "no exception"}: {Shorten(exceptionMessage)} ({open} open in this group) {link}");
            due.Add((new DeadLetterAlertMessage(text, fingerprint, count, open, queue, messageType, exceptionType, exceptionMessage,
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), link,
                $"{baseUrl}/admin/dead-letters?fingerprint={fingerprint}&status=New"), reader.GetInt64(2)));
        }

        return due;
    }

    async Task<bool> SendAsync(DeadLetterAlertMessage alert, AlertOptions settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            logger.LogError("ON-CALL ALERT {Fingerprint}: {AlertText}", alert.Fingerprint, alert.Text);
            return true;
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(settings.WebhookUrl, alert, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                logger.LogWarning("On-call alerted about {Fingerprint}: {AlertText}", alert.Fingerprint, alert.Text);
                return true;
            }

            logger.LogError("The on-call webhook answered {Status} for {Fingerprint}; retrying on the next check: {AlertText}",
                (int)response.StatusCode, alert.Fingerprint, alert.Text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "The on-call webhook is unreachable; retrying on the next check: {AlertText}", alert.Text);
        }

        return false;
    }

    static string Shorten(string? message) => message is null ? "" : message.Length <= 200 ? message : message[..200] + "…";
}
