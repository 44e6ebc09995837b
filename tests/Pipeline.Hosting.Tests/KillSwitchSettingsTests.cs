using OrderPipeline.Hosting.Retries;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

public sealed class KillSwitchSettingsTests
{
    sealed class BadInput() : Exception("bad input"), IClassifiedFault
    {
        public bool Permanent => true;
    }

    sealed class ProviderDown() : Exception("provider down"), IClassifiedFault
    {
        public bool Permanent => false;
    }

    [Fact]
    public void Only_transient_faults_count_towards_tripping_the_switch()
    {
        var options = new KillSwitchSettings().Options();
        Assert.True(options.ExceptionFilter.Match(new ProviderDown()));
        Assert.True(options.ExceptionFilter.Match(new TimeoutException()));
        Assert.False(options.ExceptionFilter.Match(new BadInput()));
        Assert.False(options.ExceptionFilter.Match(new AggregateException(new BadInput(), new BadInput())));
    }

    [Fact]
    public void The_settings_reach_MassTransits_options()
    {
        var options = new KillSwitchSettings { ActivationThreshold = 7, TripThresholdPercent = 40, TrackingPeriodSeconds = 9, RestartTimeoutSeconds = 11 }.Options();
        Assert.Equal(7, options.ActivationThreshold);
        Assert.Equal(40, options.TripThreshold);
        Assert.Equal(TimeSpan.FromSeconds(9), options.TrackingPeriod);
        Assert.Equal(TimeSpan.FromSeconds(11), options.RestartTimeout);
    }
}
