using Npgsql;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>Where the servers that script/setup started are, from the environment script/test exports.</summary>
public static class TestEnvironment
{
    public static string PgAdmin =>
        Environment.GetEnvironmentVariable("OP_TEST_PG_ADMIN")
        ?? "Host=127.0.0.1;Port=5432;Database=postgres;Username=orderpipeline;Password=orderpipeline";

    public static string RabbitUser => Environment.GetEnvironmentVariable("OP_TEST_RABBIT_USER") ?? "orderpipeline";

    public static string RabbitPassword => Environment.GetEnvironmentVariable("OP_TEST_RABBIT_PASSWORD") ?? "orderpipeline";

    public const string RabbitHost = "127.0.0.1";

    public const string ManagementUrl = "http://127.0.0.1:15672";

    public const string ReceiptKey = "integration-test-receipt-key-0123456789abcdef";

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PgAdmin) { Database = database, MaxPoolSize = 20 }.ConnectionString;

    /// <summary>The repository root, found from the test assembly's folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrderPipeline.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("OrderPipeline.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Release or Debug, as the tests themselves were built.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
