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
    /// <param name="owner">
    /// The role that is to own what the migrations create (the application role). Migrations connect as a role of their own
    /// that is a member of it and act as it (<c>SET ROLE</c>), so the application never needs the migrator's rights.
    /// </param>
    public static async Task MigrateAsync(string connectionString, string? owner = null, CancellationToken cancellationToken = default)
    {
        await using var db = Create(connectionString);
        if (!string.IsNullOrEmpty(owner))
        {
            // Migrations run on this already open connection, so the role holds for all of them.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SET ROLE \"{owner.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
