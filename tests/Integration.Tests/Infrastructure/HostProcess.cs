using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>One of the real hosts, run from its build output as its own process, killed (whole tree) on dispose.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    HostProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public bool HasExited => _disposed || _process.HasExited;

    public string Output => string.Join(Environment.NewLine, _output.TakeLast(200));

    /// <summary>With <c>OP_TEST_HOST_LOGS=folder</c>, every host's whole output goes to <c>folder/{host}-{port}.log</c> as well.</summary>
    static readonly string? LogFolder = Environment.GetEnvironmentVariable("OP_TEST_HOST_LOGS") is { Length: > 0 } folder
        ? Directory.CreateDirectory(folder).FullName
        : null;

    /// <summary>How many of the (last 2,000) output lines contain <paramref name="text"/>.</summary>
    public int CountLines(string text) => _output.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <param name="port">The port to listen on (a restarted instance takes its predecessor's); a free one when null.</param>
    public static async Task<HostProcess> StartAsync(string project, IDictionary<string, string> environment, bool waitUntilReady = true, int? port = null)
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "src", project, "bin", TestEnvironment.Configuration, "net10.0");
        var dll = Path.Combine(folder, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built; build the solution first.");
        }

        port ??= TestEnvironment.FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        // As script/server runs them: the development keys and each service's development credentials (a test may override).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__OrderPipeline"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + project);
        var host = new HostProcess(project, port.Value, process);
        process.OutputDataReceived += (_, e) => host.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => host.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitUntilReady)
        {
            await host.WaitUntilReadyAsync();
        }

        return host;
    }

    /// <summary>Stops the host as an orchestrator does: SIGTERM, then its graceful shutdown; its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to end by itself (a host that refuses to start); its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still running after {timeout.TotalSeconds:0} s:\n{Output}");
        }

        _process.WaitForExit(); // lets the output readers finish
        return _process.ExitCode;
    }

    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), $"{Name} to be ready");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Output}", e);
        }
    }

    void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue($"[{Name}] {line}");
        if (LogFolder is { } folder)
        {
            lock (_output)
            {
                File.AppendAllText(Path.Combine(folder, $"{Name}-{Port}.log"), line + Environment.NewLine);
            }
        }

        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
