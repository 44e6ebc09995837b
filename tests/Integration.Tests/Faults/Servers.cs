using System.Diagnostics;

namespace OrderPipeline.Integration.Tests.Faults;

/// <summary>
/// The real RabbitMQ and PostgreSQL that script/setup started, stopped and started again as an outage would (as root, or through
/// passwordless sudo, as the scripts run them).
/// </summary>
public static class Servers
{
    static readonly string PostgresVersion = Environment.GetEnvironmentVariable("OP_PG_VERSION") ?? "15";

    public static Task StopRabbitMqAsync() => RunAsync("rabbitmqctl", "-q", "stop_app");

    public static async Task StartRabbitMqAsync()
    {
        await RunAsync("rabbitmqctl", "-q", "start_app");
        await RunAsync("rabbitmqctl", "-q", "await_startup", "--timeout", "60");
    }

    public static Task StopPostgresAsync() => RunAsync("pg_ctlcluster", PostgresVersion, "main", "stop", "-m", "fast");

    public static Task StartPostgresAsync() => RunAsync("pg_ctlcluster", PostgresVersion, "main", "start");

    static async Task RunAsync(string command, params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? command : "sudo", asRoot ? args : ["-n", command, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}
