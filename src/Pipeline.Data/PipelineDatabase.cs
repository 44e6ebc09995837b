using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OrderPipeline.Data;

public static class PipelineDatabase
{
    public const string ConnectionStringName = "Pipeline";

    public static DbContextOptionsBuilder UsePipelineDatabase(this DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder UsePipelineDatabase(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static PipelineDbContext Create(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PipelineDbContext>();
        builder.UsePipelineDatabase(connectionString);
        return new PipelineDbContext(builder.Options);
    }

    /// <summary>Applies every pending migration. Run by script/setup and by the integration tests' fixture.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var db = Create(connectionString);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
