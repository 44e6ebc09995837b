using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OrderPipeline.Business.Sales;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Telemetry;

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
    readonly PublishWatch? _watch;
    readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Histogram<int> _batchSizes;
    readonly Counter<long> _decided;
    readonly Task _loop;
    readonly SalePace? _pace;
    readonly KeyValuePair<string, object?> _lane;
    long _arrivals;
    int _waitingCount;

    public const string MeterName = "OrderPipeline.Business";

    /// <summary>The ordinary lane (queue <c>orders</c>): decided as fast as the orders come.</summary>
    public GroupCommit(OrderBook book, IBus bus, IFeatureManager features, IOptions<BusinessOptions> options, IMeterFactory meters, ILogger<GroupCommit> logger,
        PublishWatch? watch = null)
        : this(book, bus, features, options, meters, logger, PipelineQueues.Orders, pace: null, watch)
    {
    }

    /// <summary>A lane of its own, its batches admitted by <paramref name="pace"/> (the sale lane, ADR 9).</summary>
    internal GroupCommit(OrderBook book, IBus bus, IFeatureManager features, IOptions<BusinessOptions> options, IMeterFactory meters,
        ILogger<GroupCommit> logger, string lane, SalePace? pace, PublishWatch? watch)
    {
        _watch = watch;
        _book = book;
        _bus = bus;
        _features = features;
        _logger = logger;
        _pace = pace;
        _batchSize = options.Value.BatchSize;
        _followUpTimeout = TimeSpan.FromSeconds(options.Value.FollowUpPublishTimeoutSeconds);
        _lane = new KeyValuePair<string, object?>("lane", lane);
        var meter = meters.Create(MeterName);
        _batchSizes = meter.CreateHistogram<int>("orderpipeline.business.batch.size", "{order}", "Orders decided in one committed transaction");
        _decided = meter.CreateCounter<long>("orderpipeline.business.orders.decided", "{order}", "Orders decided, by outcome (confirmed, rejected) and reason");
        // The ordinary lane's gauge keeps its name; the sale lane's is orderpipeline.business.orders.waiting.orders-sale.
        meter.CreateObservableGauge(pace is null ? "orderpipeline.business.orders.waiting" : "orderpipeline.business.orders.waiting." + lane, () => Waiting,
            "{order}", $"Orders of lane {lane} handed over and waiting for their batch");
        _loop = Task.Run(pace is null ? RunAsync : RunPacedAsync);
    }

    /// <summary>Orders handed over and not yet taken into a batch.</summary>
    public int Waiting => Volatile.Read(ref _waitingCount);

    /// <summary>Completes once the order is committed and its follow-up confirmed by the broker; throws what deciding it threw.</summary>
    public Task DecideAsync(ConsumeContext<SubmitOrder> context) => Enqueue(context, context.Message, null);

    /// <summary>A sale order: decided in the order of its place in line, at the sale's pace.</summary>
    public Task DecideAsync(ConsumeContext<SaleOrder> context) =>
        Enqueue(context, context.Message?.Order, context.Message is { SaleId: { } sale, Ticket: var ticket } ? new LaneTicket(sale, ticket) : null);

    Task Enqueue(ConsumeContext context, SubmitOrder? order, LaneTicket? ticket)
    {
        var pending = new Pending(context, order, ticket, Interlocked.Increment(ref _arrivals));
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
        // A batch starts a trace of its own (linked to its orders'), never inside whichever order's consume created this loop.
        Activity.Current = null;
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

    /// <summary>
    /// The sale lane: each sale's orders wait in a line of their own (delivery order), and a batch takes from every sale whose turn
    /// has come, as many as a tenth of a second of its pace, so a slow sale never holds a faster one (or an unpaced order) behind
    /// it. An order on a retry was admitted once already: it is decided alone at once.
    /// </summary>
    async Task RunPacedAsync()
    {
        Activity.Current = null;
        var reader = _waiting.Reader;
        var lines = new Dictionary<string, PriorityQueue<Pending, (ulong, long)>>(StringComparer.Ordinal);
        var due = new Dictionary<string, long>(StringComparer.Ordinal);
        var perBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        var batch = new List<Pending>(_batchSize);
        while (true)
        {
            while (reader.TryRead(out var next))
            {
                if (next.Alone)
                {
                    Interlocked.Decrement(ref _waitingCount);
                    await DecideBatchAsync([next]);
                    continue;
                }

                var sale = next.Ticket?.SaleId ?? "";
                if (!lines.TryGetValue(sale, out var line))
                {
                    lines[sale] = line = new PriorityQueue<Pending, (ulong, long)>();
                }

                line.Enqueue(next, (next.DeliveryTag, next.Arrival));
            }

            var now = Stopwatch.GetTimestamp();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var room = _batchSize;
            foreach (var (sale, line) in lines)
            {
                if (line.Count > 0 && due.GetValueOrDefault(sale) <= now && room > 0)
                {
                    counts[sale] = Math.Min(room, Math.Min(line.Count, sale.Length == 0 ? _batchSize : perBatch.GetValueOrDefault(sale, 1)));
                    room -= counts[sale];
                }
            }

            if (counts.Count == 0)
            {
                var waiting = lines.Where(l => l.Value.Count > 0).Select(l => due.GetValueOrDefault(l.Key)).DefaultIfEmpty(long.MaxValue).Min();
                if (waiting == long.MaxValue)
                {
                    lines.Clear();
                    if (!await reader.WaitToReadAsync())
                    {
                        return;
                    }
                }
                else
                {
                    // Until the soonest sale's turn, or an order arrives.
                    using var turn = new CancellationTokenSource(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, Stopwatch.GetElapsedTime(now, waiting).Ticks)));
                    try
                    {
                        if (!await reader.WaitToReadAsync(turn.Token))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                continue;
            }

            var admissions = await AdmitAsync(counts.Where(c => c.Key.Length > 0).ToDictionary(StringComparer.Ordinal));
            batch.Clear();
            foreach (var (sale, count) in counts)
            {
                var admission = admissions.GetValueOrDefault(sale);
                if (admission?.PerSecond is { } pace)
                {
                    perBatch[sale] = Math.Max(1, pace / 10);
                }
                else
                {
                    perBatch[sale] = _batchSize;
                }

                if (admission is { Admitted: false })
                {
                    // Asked again at its slot, or within half a second: a new pace moves the slot (the PATCH rescales it).
                    due[sale] = now + (long)(Math.Min(admission.WaitSeconds, 0.5) * Stopwatch.Frequency);
                    continue;
                }

                // Its next turn, as the database will see it (asked again then, or within half a second).
                due[sale] = admission?.PerSecond is { } rate ? now + (long)(Math.Min(count / (double)rate, 0.5) * Stopwatch.Frequency) : 0;
                for (var i = 0; i < count; i++)
                {
                    batch.Add(lines[sale].Dequeue());
                }
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

    /// <summary>Admissions for the batch's sales. Never throws: when the database cannot say, the orders are admitted (decided unpaced rather than not at all).</summary>
    async Task<IReadOnlyDictionary<string, Admission>> AdmitAsync(Dictionary<string, int> counts)
    {
        if (counts.Count == 0)
        {
            return new Dictionary<string, Admission>();
        }

        try
        {
            return await _pace!.AdmitAsync(counts);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not read the pace of sales {Sales}; deciding their next orders unpaced", string.Join(", ", counts.Keys));
            return counts.ToDictionary(c => c.Key, _ => new Admission(true, 0, null));
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
        // The batch's span links to each order's consume span, and each order's consume span links back to it: from one order's
        // trace a tracing backend leads to the batch that decided it, and from the batch to every order in it.
        using var span = PipelineTelemetry.Source.StartActivity("decide orders", ActivityKind.Internal, parentContext: default,
            tags: [_lane, new("orderpipeline.batch.size", batch.Count)],
            links: batch.Where(p => p.Consume is not null).Select(p => new ActivityLink(p.Consume!.Context)));
        if (span is not null)
        {
            foreach (var pending in batch)
            {
                pending.Consume?.AddLink(new ActivityLink(span.Context));
            }
        }

        var orders = new List<(SubmitOrder Order, Guid? MessageId)>(batch.Count);
        var pricing = new Dictionary<string, string>(StringComparer.Ordinal);
        var tickets = new Dictionary<string, LaneTicket>(StringComparer.Ordinal);
        foreach (var pending in batch)
        {
            var order = pending.Order!;
            orders.Add((order, pending.Context.MessageId));
            if (pending.Ticket is not null && order?.OrderId is { } ticketed)
            {
                tickets.TryAdd(ticketed, pending.Ticket);
            }

            if (order?.OrderId is { } id && order.CustomerId is { } customer && !pricing.ContainsKey(id))
            {
                pricing[id] = await _features.IsEnabledAsync(KnownFlags.PricingV2, new TargetingContext { UserId = customer }) ? Pricing.V2 : Pricing.V1;
            }
        }

        // Not the shoppers' cancellation: a decision that started is committed and announced, or fails as a whole.
        var decision = await _book.DecideAsync(orders, CancellationToken.None, pricing, tickets.Count > 0 ? tickets : null);
        _batchSizes.Record(batch.Count, _lane);
        Count(decision);

        // The follow-ups (one message per channel for the whole batch) go out while the next batch is decided: a publish that
        // hangs (a broker restart while its confirm is due) must never stop the decisions behind it. The batch's orders complete
        // when its follow-ups are confirmed, or fail after the timeout, and their redeliveries find their rows and publish the
        // same follow-ups again.
        // (A copy of the batch: the loop reuses its list for the next one.)
        _ = PublishAsync(batch.ToArray(), FollowUps.For(decision.Orders.OfType<DecidedOrder>(), decision.SellersWithWebhooks, TraceParents(batch)));

        _logger.LogDebug("Decided {Count} orders: {Confirmed} confirmed, {Rejected} rejected, {Duplicates} duplicates, {Conflicts} conflicts",
            batch.Count, decision.Confirmed, decision.Rejected, decision.Duplicates, decision.Conflicts);
    }

    void Count(BatchDecision decision)
    {
        if (decision.Confirmed > 0)
        {
            _decided.Add(decision.Confirmed, _lane, new("outcome", "confirmed"));
        }

        foreach (var (reason, count) in decision.RejectedBy ?? new Dictionary<string, int>())
        {
            _decided.Add(count, _lane, new("outcome", "rejected"), new("reason", reason));
        }
    }

    static Dictionary<string, string>? TraceParents(IReadOnlyList<Pending> batch)
    {
        Dictionary<string, string>? parents = null;
        foreach (var pending in batch)
        {
            if (pending.Order?.OrderId is { } id && pending.Consume is { } consume)
            {
                (parents ??= new Dictionary<string, string>(StringComparer.Ordinal)).TryAdd(id, PipelineTelemetry.TraceParent(consume.Context)!);
            }
        }

        return parents;
    }

    async Task PublishAsync(IReadOnlyList<Pending> batch, FollowUps followUps)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_followUpTimeout);
            // Bounded here too: a publish whose confirm never comes (a broker restarting under it) may not heed its token, and the
            // batch's messages would stay unacknowledged until the consumer stops. Failed, they are redelivered and publish again.
            await followUps.PublishAsync(_bus, deadline.Token).WaitAsync(_followUpTimeout);
            _watch?.Confirmed();
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception e)
        {
            if (e is TimeoutException or OperationCanceledException)
            {
                _watch?.Failed();
            }

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

    sealed class Pending(ConsumeContext context, SubmitOrder? order, LaneTicket? ticket, long arrival)
    {
        /// <summary>Order of arrival here: the tie-break where there is no delivery tag (another transport).</summary>
        public long Arrival { get; } = arrival;

        public ConsumeContext Context { get; } = context;

        /// <summary>The order's consume span (MassTransit's), in the order's own trace; null while nothing listens.</summary>
        public Activity? Consume { get; } = Activity.Current;

        /// <summary>The order (null in a malformed message: deciding it fails alone).</summary>
        public SubmitOrder? Order { get; } = order;

        /// <summary>The order's place in a sale's line (null in the ordinary lane).</summary>
        public LaneTicket? Ticket { get; } = ticket;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>On an in-process retry: decided alone, so a fault stays with its own message.</summary>
        public bool Alone { get; } = context.GetRetryAttempt() > 0;

        public ulong DeliveryTag { get; } = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.DeliveryTag : 0;

        /// <summary>True (and the consumer told) when the message was given up before its turn, e.g. at shutdown.</summary>
        public bool Abandon() => Context.CancellationToken.IsCancellationRequested && Done.TrySetCanceled(Context.CancellationToken);
    }
}
