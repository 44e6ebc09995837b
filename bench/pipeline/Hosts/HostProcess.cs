using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OrderPipeline.Bench.Pipeline.Hosts;

/// <summary>One of the pipeline's hosts, run as <c>script/server</c> runs it: <c>dotnet X.dll</c> in its Release output folder.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _lines = new();

    HostProcess(string name, Process process, Uri address)
    {
        Name = name;
        _process = process;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _lines.TakeLast(40));

    static readonly List<Process> Running = [];

    static HostProcess()
    {
        // A benchmark stopped with Ctrl-C or SIGTERM must not leave hosts behind to eat the next run's CPU.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
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

    /// <param name="nice">The OS priority to lower the host to (<c>nice -n</c>), as <c>script/server</c> lowers the workers'.</param>
    public static async Task<HostProcess> StartAsync(string root, string project, IDictionary<string, string> environment, int nice = 0)
    {
        var folder = Path.Combine(root, project.StartsWith("tools", StringComparison.Ordinal) ? "" : "src", project, "bin", "Release", "net10.0");
        var port = Ports.Free();
        var dll = Path.Combine(folder, Path.GetFileName(project) + ".dll");
        // nice execs dotnet, so the process id stays the host's.
        var start = new ProcessStartInfo(nice > 0 ? "nice" : "dotnet", nice > 0 ? ["-n", nice.ToString(CultureInfo.InvariantCulture), "dotnet", dll] : [dll])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start");
        lock (Running)
        {
            Running.Add(process);
        }

        var host = new HostProcess(project, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitUntilReadyAsync();
        return host;
    }

    void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 200 && _lines.TryDequeue(out _))
        {
        }
    }

    async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
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
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{Name} did not become ready:\n{Output}");
    }

    /// <summary>Stops the host the way an operator would (SIGTERM, then a bounded wait), so in-flight work is acknowledged.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
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
}
