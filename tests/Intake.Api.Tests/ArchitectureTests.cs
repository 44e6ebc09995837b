using System.Reflection;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Contracts_depend_on_nothing_but_the_runtime()
    {
        var contracts = typeof(Contracts.SubmitOrder).Assembly;
        var references = contracts.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }

    [Fact]
    public void Contracts_are_records_with_init_only_properties()
    {
        var messages = typeof(Contracts.SubmitOrder).Assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false });
        foreach (var type in messages)
        {
            Assert.True(type.GetMethod("<Clone>$") is not null, $"{type.Name} should be a record");
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var setter = property.SetMethod;
                Assert.True(setter is null || setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit"),
                    $"{type.Name}.{property.Name} should be init-only");
            }
        }
    }
}
