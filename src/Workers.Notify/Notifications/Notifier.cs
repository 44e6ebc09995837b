using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Notify.Notifications;

/// <summary>
/// Sends each notification at most once per idempotency key: claim, call the provider, mark. A redelivered
/// message finds its notification sent and does nothing; one still being sent elsewhere is retried later.
/// </summary>
public sealed class Notifier(NotificationLedger ledger, ILogger<Notifier> logger)
{
    public sealed record Job(string Key, string OrderId, string Kind, string Channel, Func<CancellationToken, Task> Send);

    public async Task SendAsync(Job job, CancellationToken cancellationToken)
    {
        switch (await ledger.ClaimAsync(job.Key, job.OrderId, job.Kind, job.Channel, cancellationToken))
        {
            case ClaimResult.Done:
                return;
            case ClaimResult.InFlight:
                throw new NotificationInFlightException(job.Key);
        }

        try
        {
            await job.Send(cancellationToken);
        }
        catch (Exception e)
        {
            var permanent = e is ProviderException { Permanent: true };
            await ledger.MarkFailedAsync(job.Key, e.Message, permanent, CancellationToken.None);
            logger.LogWarning("Order {OrderId}: {Kind} over {Channel} failed ({Permanence}): {Error}",
                job.OrderId, job.Kind, job.Channel, permanent ? "permanent" : "will retry", e.Message);
            throw;
        }

        await RecordRetry.Pipeline.ExecuteAsync(async ct => await ledger.MarkSentAsync(job.Key, ct), CancellationToken.None);
        logger.LogInformation("Order {OrderId}: {Kind} sent over {Channel}", job.OrderId, job.Kind, job.Channel);
    }
}
