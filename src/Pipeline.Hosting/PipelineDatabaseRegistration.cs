using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Hosting;

public static class PipelineDatabaseRegistration
{
    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> per process (pooled, auto-prepared statements) shared by the hot-path
    /// SQL and by the EF Core context. Fails at start when the connection string is missing.
    /// </summary>
    public static IHostApplicationBuilder AddPipelineDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(PipelineDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{PipelineDatabase.ConnectionStringName} is not set (environment: ConnectionStrings__{PipelineDatabase.ConnectionStringName}).");
        }

        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (csb.MaxAutoPrepare == 0)
        {
            csb.MaxAutoPrepare = 32;
        }

        // Plan every execution with its own parameters (ADR 7). Auto-prepared statements otherwise switch to a generic plan after
        // five runs; on a fresh database those five ran against empty tables, the generic plan seq-scans, and it stays cached
        // while the table grows: the business worker's `order_id = ANY(@orderIds)` lookup scanned every order once per batch until
        // autovacuum happened to analyze, and the drain slowed down as orders accumulated.
        if (csb.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) != true)
        {
            csb.Options = $"{csb.Options} -c plan_cache_mode=force_custom_plan".Trim();
        }

        // TLS where the bytes leave the machine, not on loopback (ADR 8): there it protects nothing and cost every process and
        // PostgreSQL an encryption per round trip (Npgsql's default, SSL Mode=Prefer, uses TLS whenever the server offers it).
        // An SSL Mode the operator set is kept, and a remote host keeps the default.
        if (!SetsSslMode(connectionString) && IsLoopback(csb.Host))
        {
            csb.SslMode = SslMode.Disable;
        }

        var dataSource = new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddDbContextPool<PipelineDbContext>(o => o.UsePipelineDatabase(dataSource));
        builder.Services.AddDbContextFactory<PipelineDbContext>(o => o.UsePipelineDatabase(dataSource));
        builder.Services.AddHealthChecks().AddNpgSql(_ => dataSource, name: "postgresql", tags: ["ready"]);
        return builder;
    }

    static bool SetsSslMode(string connectionString)
    {
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("sslmode", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every host in the list is this machine: a loopback address, <c>localhost</c>, or a Unix socket directory.</summary>
    static bool IsLoopback(string? hosts) =>
        !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',').Select(h => h.Trim()).All(h =>
            h.StartsWith('/') || h.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(h.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address)));
}
