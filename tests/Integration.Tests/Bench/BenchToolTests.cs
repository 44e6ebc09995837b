using System.Diagnostics;
using System.Text;
using OrderPipeline.Bench.Pipeline.Load;

namespace OrderPipeline.Integration.Tests.Bench;

/// <summary>The benchmark's own measuring parts, without servers.</summary>
public sealed class BenchToolTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var latencies = Latencies.FromMilliseconds(Enumerable.Range(1, 100).Select(i => (double)i).Reverse());
        Assert.Equal(50, latencies.P50);
        Assert.Equal(99, latencies.P99);
        Assert.Equal(100, latencies.Max);
        Assert.Equal(1, latencies.Percentile(0.5));
        Assert.True(double.IsNaN(Latencies.FromMilliseconds([]).P99));
    }

    [Fact]
    public void The_open_model_schedule_follows_each_phase_rate()
    {
        Phase[] phases = [new("before", 2, 100), new("spike", 1, 1000), new("after", 1, 100)];
        var due = OpenLoad.Schedule(phases);
        Assert.Equal(200 + 1000 + 100, due.Length);
        Assert.True(due.Zip(due.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal("before", OpenLoad.PhaseOf(phases, due[199]));
        Assert.Equal("spike", OpenLoad.PhaseOf(phases, due[200]));
        Assert.Equal("spike", OpenLoad.PhaseOf(phases, due[1199]));
        Assert.Equal("after", OpenLoad.PhaseOf(phases, due[1200]));
        Assert.Equal(2.0, (double)due[200] / Stopwatch.Frequency, 3);
    }

    [Fact]
    public void The_order_id_is_read_from_the_202_body()
    {
        Assert.Equal("ord-1", OrderClient.OrderId(Encoding.UTF8.GetBytes("""{"orderId":"ord-1","status":"Accepted"}""")));
        Assert.Null(OrderClient.OrderId(Encoding.UTF8.GetBytes("""{"status":"Accepted"}""")));
    }

    [Fact]
    public async Task The_benchmark_gateway_counts_each_arrival_of_a_notice()
    {
        await using var receiver = await FakeProviders.StartAsync(keepRequests: false);
        using var http = new HttpClient { BaseAddress = receiver.Address };
        foreach (var key in new[] { "o1:OrderConfirmed:email", "o1:OrderConfirmed:email", "o2:OrderRejected:email" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        Assert.Equal(2, receiver.Counts["o1:OrderConfirmed:email"]);
        Assert.Equal(1, receiver.Counts["o2:OrderRejected:email"]);
        Assert.Equal(2, receiver.ReceivedKeys);
        Assert.Empty(receiver.Received); // a benchmark's gateway keeps no request whole
    }
}
