using Microsoft.EntityFrameworkCore.Design;

namespace OrderPipeline.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PipelineDbContext>
{
    public PipelineDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Pipeline")
            ?? "Host=127.0.0.1;Database=orderpipeline;Username=orderpipeline;Password=orderpipeline";
        return PipelineDatabase.Create(connectionString);
    }
}
