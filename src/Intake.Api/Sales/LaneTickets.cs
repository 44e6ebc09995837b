using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// Places in a sale's line, handed out without a query per order: the instance takes a block of
/// <see cref="SaleOptions.TicketBlockSize"/> numbers at a time from the sale's row (<c>last_ticket</c>), and fetches the next block
/// when half of the current one is used. Instances interleave their blocks, so a place is accurate to within the block size times
/// the number of instances. It also remembers the places it gave, for <c>GET /orders/{id}</c> while the order waits.
/// </summary>
public sealed class LaneTickets(NpgsqlDataSource dataSource, IOptions<SaleOptions> options)
{
    const string TakeBlock = "UPDATE sales SET last_ticket = last_ticket + @blockSize WHERE sale_id = @saleId RETURNING last_ticket";

    readonly int _blockSize = options.Value.TicketBlockSize;
    readonly int _remembered = options.Value.RememberedTickets;
    readonly ConcurrentDictionary<string, Blocks> _sales = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, (string SaleId, long Ticket)> _given = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> _givenOrder = new();

    /// <summary>The next place in <paramref name="saleId"/>'s line; a query only when this instance's block runs out.</summary>
    public async ValueTask<long> NextAsync(string saleId, CancellationToken cancellationToken)
    {
        var blocks = _sales.GetOrAdd(saleId, id => new Blocks(id, this));
        return await blocks.NextAsync(cancellationToken);
    }

    public void Remember(string orderId, string saleId, long ticket)
    {
        if (_given.TryAdd(orderId, (saleId, ticket)))
        {
            _givenOrder.Enqueue(orderId);
            while (_given.Count > _remembered && _givenOrder.TryDequeue(out var oldest))
            {
                _given.TryRemove(oldest, out _);
            }
        }
    }

    public (string SaleId, long Ticket)? Find(string orderId) => _given.TryGetValue(orderId, out var found) ? found : null;

    async Task<(long First, long Last)> TakeBlockAsync(string saleId, CancellationToken cancellationToken)
    {
        var last = await dataSource.ExecuteScalarAsync<long?>(TakeBlock, new { saleId, blockSize = (long)_blockSize }, cancellationToken)
            ?? throw new InvalidOperationException($"Sale '{saleId}' no longer exists.");
        return (last - _blockSize + 1, last);
    }

    /// <summary>One sale's current block and the one being fetched behind it.</summary>
    sealed class Blocks(string saleId, LaneTickets owner)
    {
        readonly Lock _lock = new();
        long _next = 1;
        long _last;
        Task<(long First, long Last)>? _coming;

        public async ValueTask<long> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                Task<(long First, long Last)> coming;
                lock (_lock)
                {
                    if (_next <= _last)
                    {
                        var ticket = _next++;
                        // Half used: the next block is fetched now, so no order waits for it.
                        if (_coming is null && _last - _next + 1 < owner._blockSize / 2)
                        {
                            _coming = owner.TakeBlockAsync(saleId, CancellationToken.None);
                        }

                        return ticket;
                    }

                    _coming ??= owner.TakeBlockAsync(saleId, CancellationToken.None);
                    coming = _coming;
                }

                // Only when the block ran out: whoever gets here first installs the next one, the others take from it.
                try
                {
                    var block = await coming.WaitAsync(cancellationToken);
                    lock (_lock)
                    {
                        if (ReferenceEquals(_coming, coming))
                        {
                            _coming = null;
                            (_next, _last) = block;
                        }
                    }
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The database did not answer: this order fails (503) and the next one asks again.
                    lock (_lock)
                    {
                        if (ReferenceEquals(_coming, coming))
                        {
                            _coming = null;
                        }
                    }

                    throw;
                }
            }
        }
    }
}
