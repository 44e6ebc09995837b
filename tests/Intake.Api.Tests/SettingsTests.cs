using Microsoft.Extensions.Configuration;
using OrderPipeline.Tests.Shared;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Production_settings_limit_order_rates_and_development_settings_do_not()
    {
        Assert.True(Bind("appsettings.json").RateLimits.Enabled);
        Assert.False(Bind("appsettings.json", "appsettings.Development.json").RateLimits.Enabled);
    }

    static IntakeOptions Bind(params string[] files)
    {
        var builder = new ConfigurationBuilder().SetBasePath(Path.Combine(Repository.Root, "src", "Intake.Api"));
        foreach (var file in files)
        {
            builder.AddJsonFile(file);
        }

        return builder.Build().GetSection(IntakeOptions.Section).Get<IntakeOptions>()!;
    }
}
