using OrderPipeline.Hosting.Retries;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

public sealed class RedeliveryTests
{
    [Fact]
    public void Delays_default_to_5s_30s_2min_10min_and_can_be_set_globally_or_per_queue()
    {
        var options = new BrokerRedeliveryOptions();
        Assert.Equal([5_000, 30_000, 120_000, 600_000], options.DelaysFor("orders"));

        options.DelaysMs = [1_000, 2_000];
        options.Queues["notify"] = new QueueRedelivery { DelaysMs = [10] };
        options.Queues["empty"] = new QueueRedelivery { DelaysMs = [] };
        Assert.Equal([1_000, 2_000], options.DelaysFor("orders"));
        Assert.Equal([10], options.DelaysFor("notify"));
        Assert.Equal([1_000, 2_000], options.DelaysFor("empty"));
        Assert.Equal("orders_retry_5000ms", BrokerRedeliveryOptions.RetryQueueName("orders", 5_000));
    }

    [Fact]
    public void Only_faults_that_say_so_are_permanent()
    {
        Assert.True(Faults.IsPermanent(new Classified(permanent: true)));
        Assert.False(Faults.IsPermanent(new Classified(permanent: false)));
        Assert.False(Faults.IsPermanent(new TimeoutException()));
        Assert.False(Faults.IsPermanent(new InvalidOperationException()));
        Assert.True(Faults.IsPermanent(new AggregateException(new Classified(true), new Classified(true))));
        Assert.False(Faults.IsPermanent(new AggregateException(new Classified(true), new TimeoutException())));
    }

    sealed class Classified(bool permanent) : Exception("classified"), IClassifiedFault
    {
        public bool Permanent { get; } = permanent;
    }
}
