using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using OrderPipeline.Tests.Shared;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

public sealed class DevelopmentSecretsTests
{
    static readonly string[] Hosts = ["Intake.Api", "Workers.Business", "Workers.Notify", "Workers.DeadLetter", "Admin"];

    [Fact]
    public void Every_development_secret_is_named_by_its_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Intake:ReceiptKey"] = "development-only-receipt-key-change-me-in-production",
            ["Admin:ApiKeys:0:Key"] = "a-real-key-from-the-vault",
            ["Admin:ApiKeys:1:Key"] = "dev-oncall-key",
            ["ConnectionStrings:Pipeline"] = "Host=db;Username=orderpipeline;Password=orderpipeline",
            ["RabbitMq:Password"] = "orderpipeline",
        }).Build();

        Assert.Equal(["Intake:ReceiptKey", "Admin:ApiKeys:1:Key", "ConnectionStrings:Pipeline (Password)", "RabbitMq:Password"],
            DevelopmentSecrets.Find(configuration));
    }

    [Fact]
    public void Production_values_pass_and_development_values_are_refused_outside_development()
    {
        var production = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Intake:ReceiptKey"] = "0f6c1e4b2a9d8c7b6a5f4e3d2c1b0a99-from-the-vault",
            ["Admin:ApiKeys:0:Key"] = "8d1f7c2e-oncall",
            ["ConnectionStrings:Pipeline"] = "Host=db;Username=orderpipeline;Password=s3cret",
            ["RabbitMq:Password"] = "s3cret",
        }).Build();
        Assert.Empty(DevelopmentSecrets.Find(production));
        DevelopmentSecrets.RefuseOutsideDevelopment(Environment("Production"), production);

        var leftover = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Admin:ApiKeys:0:Key"] = "dev-admin-key" }).Build();
        var refused = Assert.Throws<InvalidOperationException>(() => DevelopmentSecrets.RefuseOutsideDevelopment(Environment("Staging"), leftover));
        Assert.Contains("Admin:ApiKeys:0:Key", refused.Message, StringComparison.Ordinal);
        DevelopmentSecrets.RefuseOutsideDevelopment(Environment("Development"), leftover);
    }

    [Fact]
    public void No_host_keeps_a_development_secret_in_its_base_settings()
    {
        foreach (var host in Hosts)
        {
            var folder = Path.Combine(Repository.Root, "src", host);
            var configuration = new ConfigurationBuilder().SetBasePath(folder).AddJsonFile("appsettings.json").Build();
            Assert.Empty(DevelopmentSecrets.Find(configuration));
            var text = File.ReadAllText(Path.Combine(folder, "appsettings.json"));
            Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"dev-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ReceiptKey", text, StringComparison.Ordinal);

            // ... and the development file has them, so script/server and the tests run with no setting of their own.
            var development = new ConfigurationBuilder().SetBasePath(folder).AddJsonFile("appsettings.Development.json").Build();
            Assert.NotEmpty(DevelopmentSecrets.Find(development));
        }
    }

    static IHostEnvironment Environment(string name) => new Env { EnvironmentName = name };

    sealed class Env : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
