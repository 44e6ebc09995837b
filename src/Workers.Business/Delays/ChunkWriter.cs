namespace OrderPipeline.Business.Delays;

/// <summary>
/// Forms chunk rows from marked orders: per channel (a text to the phone, else an e-mail; no contact, no notice), at most
/// <c>size</c> orders each. Grouped by shopper (the orders come sorted by shopper), a shopper's orders go to the contact of
/// their first order and stay in one chunk, which may then run over <c>size</c> by that shopper's orders.
/// </summary>
public static class ChunkWriter
{
    public sealed record Chunk(string Channel, string[] OrderIds, string[] Recipients);

    public static List<Chunk> Form(IReadOnlyList<Recipient> orders, int size, bool groupByShopper)
    {
        var chunks = new List<Chunk>();
        var open = new Dictionary<string, (List<string> Orders, List<string> To)>(2, StringComparer.Ordinal);
        void Flush(string channel)
        {
            if (open.Remove(channel, out var o) && o.Orders.Count > 0)
            {
                chunks.Add(new Chunk(channel, o.Orders.ToArray(), o.To.ToArray()));
            }
        }

        for (var i = 0; i < orders.Count;)
        {
            var first = orders[i];
            var end = i + 1;
            while (groupByShopper && end < orders.Count && orders[end].CustomerId == first.CustomerId)
            {
                end++;
            }

            var (channel, to) = first.Phone is { } phone ? ("sms", phone) : first.Email is { } email ? ("email", email) : ("", "");
            if (channel.Length > 0)
            {
                if (!open.TryGetValue(channel, out var pending))
                {
                    open[channel] = pending = (new List<string>(size), new List<string>(size));
                }
                else if (pending.Orders.Count + (end - i) > size && pending.Orders.Count > 0)
                {
                    Flush(channel);
                    open[channel] = pending = (new List<string>(size), new List<string>(size));
                }

                for (var k = i; k < end; k++)
                {
                    pending.Orders.Add(orders[k].OrderId);
                    pending.To.Add(to);
                }
            }

            i = end;
        }

        Flush("sms");
        Flush("email");
        return chunks;
    }
}
