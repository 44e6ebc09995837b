using System.CommandLine;
using OrderPipeline.Data;

namespace OrderPipeline.Opctl.Database;

public static class DatabaseCommands
{
    public static Command Create()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "PostgreSQL connection string (default: $ConnectionStrings__Pipeline).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__Pipeline") ?? "",
        };
        var owner = new Option<string?>("--owner")
        {
            Description = "Role that owns what the migrations create (the application role); the connecting role must be a member of it.",
        };
        var migrate = new Command("migrate", "Apply every pending migration.") { connection, owner };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = parse.GetValue(connection);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                Console.Error.WriteLine("No connection string: pass --connection or set ConnectionStrings__Pipeline.");
                return 2;
            }

            await PipelineDatabase.MigrateAsync(connectionString, parse.GetValue(owner), cancellationToken);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        return new Command("db", "Database schema.") { migrate };
    }
}
