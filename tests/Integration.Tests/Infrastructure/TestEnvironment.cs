using Npgsql;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>Where the servers that script/setup started are, from the environment script/test exports.</summary>
public static class TestEnvironment
{
    /// <summary>The test role: creates and drops a database per run (the only role with CREATEDB), and migrates it.</summary>
    public static string PgAdmin =>
        Environment.GetEnvironmentVariable("OP_TEST_PG_ADMIN")
        ?? "Host=127.0.0.1;Port=5432;Database=postgres;Username=orderpipeline_test;Password=orderpipeline";

    /// <summary>The application role the hosts connect as; it owns the tables.</summary>
    public static string PgAppUser => Environment.GetEnvironmentVariable("OP_TEST_PG_APP_USER") ?? "orderpipeline";

    public static string PgAppPassword => Environment.GetEnvironmentVariable("OP_TEST_PG_APP_PASSWORD") ?? "orderpipeline";

    /// <summary>The broker's administrator: creates a vhost per run. The hosts connect as their own service users.</summary>
    public static string RabbitUser => Environment.GetEnvironmentVariable("OP_TEST_RABBIT_USER") ?? "op-admin";

    public static string RabbitPassword => Environment.GetEnvironmentVariable("OP_TEST_RABBIT_PASSWORD") ?? "orderpipeline";

    /// <summary>The hosts' RabbitMQ users (their appsettings.Development.json), granted on each test vhost.</summary>
    public static IReadOnlyList<string> RabbitServiceUsers =>
        (Environment.GetEnvironmentVariable("OP_TEST_RABBIT_SERVICE_USERS") ?? "op-intake op-business op-notify op-deadletter op-console")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The admin host's broker user: a service user that also has the <c>management</c> tag (the console's queues page).</summary>
    public static string RabbitConsoleUser => Environment.GetEnvironmentVariable("OP_TEST_RABBIT_CONSOLE_USER") ?? "op-console";

    public const string RabbitHost = "127.0.0.1";

    public const string ManagementUrl = "http://127.0.0.1:15672";

    public const string ReceiptKey = "integration-test-receipt-key-0123456789abcdef";

    /// <summary>The application role on a test database: what the hosts and the tests' own queries use.</summary>
    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PgAdmin) { Database = database, Username = PgAppUser, Password = PgAppPassword, MaxPoolSize = 20 }.ConnectionString;

    /// <summary>The repository root, found from the test assembly's folder.</summary>
    public static string RepositoryRoot => Repository.Root;

    /// <summary>Release or Debug, as the tests themselves were built.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static int FreePort() => HostProcess.FreePort();

    /// <summary>How the tests run a host: from this build's output, in Development, as <c>script/server</c> does.</summary>
    public static HostStart Host(bool waitUntilReady = true, int? port = null) =>
        new() { Configuration = Configuration, Development = true, WaitUntilReady = waitUntilReady, Port = port };
}
