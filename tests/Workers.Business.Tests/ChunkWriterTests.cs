using OrderPipeline.Business.Delays;
using Xunit;

namespace OrderPipeline.Workers.Business.Tests;

public sealed class ChunkWriterTests
{
    [Fact]
    public void Notices_are_chunked_per_channel_at_most_size_each_and_orders_without_a_contact_get_none()
    {
        var orders = Enumerable.Range(0, 25).Select(i => new Recipient($"o{i:D2}", $"c{i}", i % 2 == 0 ? $"+82{i}" : null, i % 5 == 0 ? null : $"s{i}@example.com"))
            .Append(new Recipient("nobody", "c99", null, null)).ToList();

        var chunks = ChunkWriter.Form(orders, 4, groupByShopper: false);

        // 13 even orders have a phone (texts); of the 12 odd ones, 10 have an e-mail (o05, o15 have neither).
        Assert.Equal([4, 4, 4, 1], chunks.Where(c => c.Channel == "sms").Select(c => c.OrderIds.Length));
        Assert.Equal([4, 4, 2], chunks.Where(c => c.Channel == "email").Select(c => c.OrderIds.Length));
        Assert.All(chunks.Where(c => c.Channel == "sms").SelectMany(c => c.Recipients), r => Assert.StartsWith("+82", r, StringComparison.Ordinal));
        Assert.Equal(23, chunks.Sum(c => c.OrderIds.Length));
        Assert.DoesNotContain(chunks, c => c.OrderIds.Contains("nobody") || c.OrderIds.Contains("o05") || c.OrderIds.Contains("o15"));
        Assert.Equal(23, chunks.SelectMany(c => c.OrderIds).Distinct().Count());
    }

    [Fact]
    public void Grouped_a_shoppers_orders_share_the_first_orders_contact_and_never_split_across_chunks()
    {
        // Shoppers a (3 orders), b (1), c (2), d (3): sorted by shopper, as the cursor reads them.
        var orders = new[] { ("a", 3), ("b", 1), ("c", 2), ("d", 3) }
            .SelectMany(s => Enumerable.Range(0, s.Item2).Select(k => new Recipient($"{s.Item1}{k}", s.Item1, k == 0 ? $"+82-{s.Item1}" : null, $"{s.Item1}{k}@example.com")))
            .ToList();

        var chunks = ChunkWriter.Form(orders, 4, groupByShopper: true);

        // Every shopper's first order has a phone: all texts; a (3) + b (1) fill the first chunk, c (2) starts the second and
        // d (3) would overflow it, so d opens a third.
        Assert.Equal([["a0", "a1", "a2", "b0"], ["c0", "c1"], ["d0", "d1", "d2"]], chunks.Select(c => c.OrderIds));
        Assert.All(chunks, c => Assert.Equal("sms", c.Channel));
        Assert.Equal(["+82-a", "+82-a", "+82-a", "+82-b"], chunks[0].Recipients);
    }
}
