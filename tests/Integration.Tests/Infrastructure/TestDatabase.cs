using Dapper;
using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>A fresh database with every migration applied, dropped again at the end of the run.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    TestDatabase(string name, NpgsqlDataSource dataSource)
    {
        Name = name;
        DataSource = dataSource;
    }

    public string Name { get; }
    public string ConnectionString => TestEnvironment.ConnectionString(Name);
    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"op_test_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(TestEnvironment.PgAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER \"{TestEnvironment.PgAppUser}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        // As setup does: migrated by another role than the application's, the tables owned by the application role.
        await PipelineDatabase.MigrateAsync(new NpgsqlConnectionStringBuilder(TestEnvironment.PgAdmin) { Database = name }.ConnectionString,
            TestEnvironment.PgAppUser);
        var connectionString = TestEnvironment.ConnectionString(name);
        return new TestDatabase(name, NpgsqlDataSource.Create(connectionString));
    }

    /// <summary>The first column of the first row (SQL by hand as the hosts write it: Dapper, named parameters).</summary>
    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = DataSource.CreateConnection();
        var result = await connection.ExecuteScalarAsync(sql, parameters);
        return result is null or DBNull ? default! : (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = DataSource.CreateConnection();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PgAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
