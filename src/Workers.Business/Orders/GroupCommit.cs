using System.Diagnostics.Metrics;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Group commit for orders: every order the consumer is handed waits here, and one loop decides whatever has
/// gathered (up to <see cref="BusinessOptions.BatchSize"/>) in one transaction, sorted by delivery tag, while the
/// next orders gather behind it. Nothing waits for a timer: a lone order is decided at once, and under a backlog
/// every batch is as full as what arrived during the previous one.
/// </summary>
/// <remarks>
/// MassTransit's batch consumer is not used because its batches close on a timer that starts with their first
/// message, whether or not the previous batch is still running: under load the unacknowledged messages end up
/// spread over many tiny queued batches, and the batch size never recovers (measured: 4.9 orders per batch with
/// 3,600 orders waiting, <c>bench/README.md</c>).
/// <para>
/// A batch that fails is decided again order by order, so an order that cannot be decided fails alone and its
/// neighbours go through; an order on an in-process retry is always decided alone.
/// </para>
/// </remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    readonly OrderBook _book;
    readonly IBus _bus;
    readonly IFeatureManager _features;
    readonly ILogger<GroupCommit> _logger;
    readonly int _batchSize;
    readonly TimeSpan _followUpTimeout;
    readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Histogram<int> _batchSizes;
    readonly Task _loop;
    long _arrivals;
    int _waitingCount;

    public const string MeterName = "OrderPipeline.Business";

    public GroupCommit(OrderBook book, IBus bus, IFeatureManager features, IOptions<BusinessOptions> options, IMeterFactory meters, ILogger<GroupCommit> logger)
    {
        _book = book;
        _bus = bus;
        _features = features;
        _logger = logger;
        _batchSize = options.Value.BatchSize;
        _followUpTimeout = TimeSpan.FromSeconds(options.Value.FollowUpPublishTimeoutSeconds);
        var meter = meters.Create(MeterName);
        _batchSizes = meter.CreateHistogram<int>("orderpipeline.business.batch.size", "{order}", "Orders decided in one committed transaction");
        meter.CreateObservableGauge("orderpipeline.business.orders.waiting", () => Waiting, "{order}", "Orders handed over and waiting for the next batch");
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Orders handed over and not yet taken into a batch.</summary>
    public int Waiting => Volatile.Read(ref _waitingCount);

    /// <summary>Completes once the order is committed and its follow-up confirmed by the broker; throws what deciding it threw.</summary>
    public Task DecideAsync(ConsumeContext<SubmitOrder> context)
    {
        var pending = new Pending(context, Interlocked.Increment(ref _arrivals));
        Interlocked.Increment(ref _waitingCount);
        if (!_waiting.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _waitingCount);
            ObjectDisposedException.ThrowIf(true, this);
        }

        return pending.Done.Task.WaitAsync(context.CancellationToken);
    }

    async Task RunAsync()
    {
        var reader = _waiting.Reader;
        var batch = new List<Pending>(_batchSize);
        Pending? carried = null;
        while (true)
        {
            batch.Clear();
            if (carried is not null)
            {
                batch.Add(carried);
                carried = null;
            }
            else if (!await reader.WaitToReadAsync())
            {
                return;
            }

            // An order on a retry is decided alone: taken first it closes the batch, met later it waits for the next one.
            while (batch.Count < _batchSize && !(batch.Count == 1 && batch[0].Alone) && reader.TryRead(out var next))
            {
                if (next.Alone && batch.Count > 0)
                {
                    carried = next;
                    break;
                }

                batch.Add(next);
            }

            Interlocked.Add(ref _waitingCount, -batch.Count);
            batch.RemoveAll(p => p.Done.Task.IsCompleted || p.Abandon());
            if (batch.Count > 0)
            {
                batch.Sort(static (a, b) => a.DeliveryTag != b.DeliveryTag ? a.DeliveryTag.CompareTo(b.DeliveryTag) : a.Arrival.CompareTo(b.Arrival));
                await DecideBatchAsync(batch);
            }
        }
    }

    async Task DecideBatchAsync(List<Pending> batch)
    {
        try
        {
            await DecideAsync(batch);
            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            _logger.LogWarning(e, "A batch of {Count} orders failed; deciding them one by one", batch.Count);
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                await DecideAsync([pending]);
            }
            catch (Exception e)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    async Task DecideAsync(IReadOnlyList<Pending> batch)
    {
        var orders = new List<(SubmitOrder Order, Guid? MessageId)>(batch.Count);
        var pricing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pending in batch)
        {
            var order = pending.Context.Message;
            orders.Add((order, pending.Context.MessageId));
            if (order?.OrderId is { } id && order.CustomerId is { } customer && !pricing.ContainsKey(id))
            {
                pricing[id] = await _features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = customer }) ? Pricing.V2 : Pricing.V1;
            }
        }

        // Not the shoppers' cancellation: a decision that started is committed and announced, or fails as a whole.
        var decision = await _book.DecideAsync(orders, CancellationToken.None, pricing);
        _batchSizes.Record(batch.Count);

        // The follow-ups (one message per channel for the whole batch) go out while the next batch is decided: a publish that
        // hangs (a broker restart while its confirm is due) must never stop the decisions behind it. The batch's orders complete
        // when its follow-ups are confirmed, or fail after the timeout, and their redeliveries find their rows and publish the
        // same follow-ups again.
        // (A copy of the batch: the loop reuses its list for the next one.)
        _ = PublishAsync(batch.ToArray(), FollowUps.For(decision.Orders.OfType<DecidedOrder>(), decision.SellersWithWebhooks));

        _logger.LogDebug("Decided {Count} orders: {Confirmed} confirmed, {Rejected} rejected, {Duplicates} duplicates, {Conflicts} conflicts",
            batch.Count, decision.Confirmed, decision.Rejected, decision.Duplicates, decision.Conflicts);
    }

    async Task PublishAsync(IReadOnlyList<Pending> batch, FollowUps followUps)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_followUpTimeout);
            await followUps.PublishAsync(_bus, deadline.Token);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        while (_waiting.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled();
        }

        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    sealed class Pending(ConsumeContext<SubmitOrder> context, long arrival)
    {
        /// <summary>Order of arrival here: the tie-break where there is no delivery tag (another transport).</summary>
        public long Arrival { get; } = arrival;

        public ConsumeContext<SubmitOrder> Context { get; } = context;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>On an in-process retry: decided alone, so a fault stays with its own message.</summary>
        public bool Alone { get; } = context.GetRetryAttempt() > 0;

        public ulong DeliveryTag { get; } = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.DeliveryTag : 0;

        /// <summary>True (and the consumer told) when the message was given up before its turn, e.g. at shutdown.</summary>
        public bool Abandon() => Context.CancellationToken.IsCancellationRequested && Done.TrySetCanceled(Context.CancellationToken);
    }
}
