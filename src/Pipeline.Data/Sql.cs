using Dapper;
using Npgsql;

namespace OrderPipeline.Data;

/// <summary>
/// SQL written by hand, one way everywhere: Dapper with named parameters (<c>@name</c>, from an anonymous object), here on a
/// pooled connection of the data source; inside a transaction, Dapper on that connection with the transaction. EF Core
/// keeps the schema and the simple reads. Several statements in one round trip are an <see cref="NpgsqlBatch"/> whose
/// commands take named parameters too (<see cref="Batch"/>).
/// </summary>
public static class Sql
{
    public static async Task<List<T>> QueryAsync<T>(this NpgsqlDataSource database, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = database.CreateConnection();
        return (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    public static async Task<T?> QuerySingleOrDefaultAsync<T>(this NpgsqlDataSource database, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = database.CreateConnection();
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public static async Task<T?> ExecuteScalarAsync<T>(this NpgsqlDataSource database, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = database.CreateConnection();
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public static async Task<int> ExecuteAsync(this NpgsqlDataSource database, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = database.CreateConnection();
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>Named parameters built up in steps (a statement whose parts depend on what is set), for Dapper.</summary>
    public static DynamicParameters Parameters(params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var dynamic = new DynamicParameters();
        foreach (var (name, value) in parameters)
        {
            dynamic.Add(name, value);
        }

        return dynamic;
    }

    /// <summary>A command of an <see cref="NpgsqlBatch"/> with named parameters: <c>Batch("... @ids ...", ("ids", ids))</c>.</summary>
    public static NpgsqlBatchCommand Batch(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }
}
