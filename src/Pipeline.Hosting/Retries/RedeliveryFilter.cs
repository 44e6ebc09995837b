using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Telemetry;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting.Retries;

/// <summary>
/// Outside the in-process retries: a message that still fails with a transient fault is copied, body and headers
/// as received, to the retry queue for its next delay, with <c>MT-Redelivery-Count</c> raised by one, and then
/// acknowledged. The copy is confirmed by the broker before the ack, so a crash in between yields a duplicate
/// (which our consumers absorb), never a loss. After the last delay, or for a permanent fault, the exception
/// goes on to MassTransit, which moves the message to the queue's <c>_error</c> queue with its fault headers.
/// </summary>
public sealed class RedeliveryFilter<T>(
    RetryQueues retryQueues, KillSwitches killSwitches, PipelineMetrics metrics, IOptions<BrokerRedeliveryOptions> options, IHostApplicationLifetime lifetime,
    ILogger<RedeliveryFilter<T>> logger)
    : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The process is stopping: whatever failed (a publish on a stopping bus, a disposed connection) failed because of
            // that. Canceled, the message goes back to its queue as it was, for the next instance: never an error queue, never
            // one of its redeliveries used up.
            logger.LogWarning("Message {MessageId} ({MessageType}) left in its queue: this process is stopping ({Error})", context.MessageId, typeof(T).Name, e.Message);
            throw new OperationCanceledException("Stopping: the message goes back to its queue.", e, lifetime.ApplicationStopping);
        }
        catch (Exception e) when (!Faults.IsPermanent(e) && !context.CancellationToken.IsCancellationRequested
                                  && context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery))
        {
            var queue = QueueName(context.ReceiveContext.InputAddress);
            var delays = options.Value.DelaysFor(queue);
            var attempt = context.GetRedeliveryCount();
            // A deferral (the target is busy) waits the first delay and keeps its attempts; a failure uses up one.
            var deferred = Faults.IsDeferred(e);
            if (!deferred && attempt >= delays.Length)
            {
                throw;
            }

            var properties = new BasicProperties(delivery.Properties)
            {
                Persistent = true,
                Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
                {
                    [MessageHeaders.RedeliveryCount] = deferred ? attempt : attempt + 1,
                },
            };
            var delay = delays[deferred ? 0 : attempt];
            try
            {
                await retryQueues.PublishAsync(queue, delay, context.ReceiveContext.Body.GetBytes(), properties, CancellationToken.None);
            }
            catch (Exception publishFailure)
            {
                logger.LogError(publishFailure, "Could not park message {MessageId} for redelivery; it goes to the error queue", context.MessageId);
                throw e;
            }

            metrics.Redelivered(queue, deferred);
            if (deferred)
            {
                logger.LogInformation("Message {MessageId} ({MessageType}) deferred ({Reason}); back in {DelayMs} ms", context.MessageId, typeof(T).Name, e.Message, delay);
                return;
            }

            logger.LogWarning("Message {MessageId} ({MessageType}) failed ({Error}); redelivery {Attempt} of {Max} in {DelayMs} ms",
                context.MessageId, typeof(T).Name, e.Message, attempt + 1, delays.Length, delay);
            if (!Faults.IsIsolated(e))
            {
                await killSwitches.ParkedAsync(queue, context, e);
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("brokerRedelivery");

    static string QueueName(Uri inputAddress) => inputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
}
