using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

/// <summary>What every host's data source asks PostgreSQL for (no database needed: the connection string is inspected).</summary>
public sealed class DatabaseSettingsTests
{
    static NpgsqlConnectionStringBuilder Configured(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:" + OrderPipeline.Data.PipelineDatabase.ConnectionStringName] = connectionString;
        builder.AddPipelineDatabase();
        using var services = builder.Services.BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
    }

    [Fact]
    public void Statements_are_auto_prepared_and_planned_with_their_own_parameters_every_time()
    {
        var settings = Configured("Host=127.0.0.1;Database=unused;Username=u");
        Assert.Equal(32, settings.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=force_custom_plan", settings.Options);
    }

    [Fact]
    public void An_operator_set_plan_cache_mode_and_other_options_are_kept()
    {
        Assert.Equal("-c plan_cache_mode=auto", Configured("Host=h;Options=-c plan_cache_mode=auto").Options);
        Assert.Equal("-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan", Configured("Host=h;Options=-c statement_timeout=5000").Options);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=d", SslMode.Disable)]
    [InlineData("Host=localhost;Database=d", SslMode.Disable)]
    [InlineData("Host=::1;Database=d", SslMode.Disable)]
    [InlineData("Host=/var/run/postgresql;Database=d", SslMode.Disable)]
    [InlineData("Host=db.internal;Database=d", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1,db.internal;Database=d", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1;Database=d;SSL Mode=Require", SslMode.Require)]
    [InlineData("Host=127.0.0.1;Database=d;sslmode=VerifyFull", SslMode.VerifyFull)]
    public void Tls_is_left_off_on_loopback_only_unless_the_operator_chose(string connectionString, SslMode expected) =>
        Assert.Equal(expected, Configured(connectionString).SslMode);
}
