using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace OrderPipeline.Tests.Shared;

/// <summary>
/// One of the pipeline's hosts run as <c>script/server</c> runs it, <c>dotnet X.dll</c> in its build output folder, for the tests
/// and the benchmarks alike: its output kept (the last 2,000 lines), ready once <c>/health/ready</c> answers, stopped on dispose.
/// Hosts still running when this process ends (Ctrl-C, SIGTERM) are killed so they cannot eat the next run's CPU.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    const int KeptLines = 2000;
    static readonly List<Process> Running = [];

    /// <summary>With <c>OP_TEST_HOST_LOGS=folder</c>, every host's whole output goes to <c>folder/{host}-{port}.log</c> as well.</summary>
    static readonly string? LogFolder = Environment.GetEnvironmentVariable("OP_TEST_HOST_LOGS") is { Length: > 0 } folder
        ? Directory.CreateDirectory(folder).FullName
        : null;

    readonly Process _process;
    readonly bool _graceful;
    readonly ConcurrentQueue<string> _output = new();
    bool _disposed;

    static HostProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    HostProcess(string name, int port, Process process, bool graceful)
    {
        Name = name;
        Port = port;
        _process = process;
        _graceful = graceful;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Pid => _process.Id;

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>The last 200 lines, each tagged with the host's name.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(200));

    /// <summary>The kept output lines (the last 2,000), oldest first, each tagged with the host's name.</summary>
    public IEnumerable<string> Lines => _output;

    /// <summary>How many of the kept output lines contain <paramref name="text"/>.</summary>
    public int CountLines(string text) => _output.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <param name="project">A folder under <c>src/</c> (<c>Intake.Api</c>), or a path from the root (<c>tools/DevGateway</c>).</param>
    public static async Task<HostProcess> StartAsync(string project, IDictionary<string, string> environment, HostStart? how = null)
    {
        how ??= new HostStart();
        var root = how.Root ?? Repository.Root;
        var folder = Path.Combine(root, project.Contains('/', StringComparison.Ordinal) ? "" : "src", project, "bin", how.Configuration, "net10.0");
        var dll = Path.Combine(folder, Path.GetFileName(project) + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built; build the solution first.");
        }

        var port = how.Port ?? FreePort();
        // nice execs dotnet, so the process id stays the host's.
        var start = new ProcessStartInfo(how.Nice > 0 ? "nice" : "dotnet", how.Nice > 0 ? ["-n", how.Nice.ToString(CultureInfo.InvariantCulture), "dotnet", dll] : [dll])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        if (how.Development)
        {
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__OrderPipeline"] = "Information";
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start");
        lock (Running)
        {
            Running.Add(process);
        }

        var host = new HostProcess(Path.GetFileName(project), port, process, how.GracefulStop);
        process.OutputDataReceived += (_, e) => host.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => host.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (how.WaitUntilReady)
        {
            await host.WaitUntilReadyAsync();
        }

        return host;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Until <c>/health/ready</c> answers 2xx (60 s at most); throws with the host's output if it exits or never gets there.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out after 60 s waiting for {Name} to be ready:\n{Output}");
    }

    /// <summary>Stops the host as an orchestrator does: SIGTERM, then its graceful shutdown; its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
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

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            if (_graceful)
            {
                await SignalAsync("TERM");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    // it had its chance
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        lock (Running)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
    }

    async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
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

        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    static void KillAll()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already exited
                }
            }
        }
    }
}
