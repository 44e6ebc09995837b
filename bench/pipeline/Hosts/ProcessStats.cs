using System.Globalization;

namespace OrderPipeline.Bench.Pipeline.Hosts;

/// <summary>
/// CPU (in cores: 1.00 is one core busy for the whole window) and peak resident memory of each process of interest, from
/// /proc/&lt;pid&gt;/stat and /status. Per process, not the aggregate /proc/stat, which under-counts on this VM's kernel.
/// The broker is every <c>beam.smp</c>, PostgreSQL every <c>postgres</c> process (its peak memory is the sum of their
/// resident sets, so shared buffers count once per process that touched them: an upper bound).
/// </summary>
public sealed class ProcessStats : IAsyncDisposable
{
    const double TicksPerSecond = 100; // USER_HZ on Linux
    readonly Func<IReadOnlyDictionary<string, IReadOnlyList<int>>> _processes;
    readonly Dictionary<int, long> _firstTicks = [];
    readonly Dictionary<int, long> _lastTicks = [];
    readonly Dictionary<int, string> _names = [];
    readonly Dictionary<string, long> _peakRss = [];
    readonly CancellationTokenSource _stop = new();
    readonly DateTime _started = DateTime.UtcNow;
    readonly Task _sampling;

    ProcessStats(Func<IReadOnlyDictionary<string, IReadOnlyList<int>>> processes)
    {
        _processes = processes;
        Sample();
        _sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Sample();
            }
        });
    }

    /// <summary>Starts sampling; <paramref name="processes"/> names the pids to watch (asked again at every sample).</summary>
    public static ProcessStats Start(Func<IReadOnlyDictionary<string, IReadOnlyList<int>>> processes) => new(processes);

    public sealed record Usage(string Process, double Cores, double PeakMemoryMiB);

    public async Task<IReadOnlyList<Usage>> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
        }

        Sample();
        var seconds = (DateTime.UtcNow - _started).TotalSeconds;
        return _names.Values.Distinct().Order(StringComparer.Ordinal)
            .Select(name => new Usage(name,
                _names.Where(n => n.Value == name).Sum(n => _lastTicks[n.Key] - _firstTicks[n.Key]) / TicksPerSecond / seconds,
                _peakRss.GetValueOrDefault(name) / 1024.0 / 1024.0))
            .ToArray();
    }

    void Sample()
    {
        lock (_names)
        {
            foreach (var (name, pids) in _processes())
            {
                long rss = 0;
                foreach (var pid in pids)
                {
                    if (ReadTicks(pid) is not { } ticks)
                    {
                        continue;
                    }

                    _names[pid] = name;
                    _firstTicks.TryAdd(pid, ticks);
                    _lastTicks[pid] = ticks;
                    rss += ReadRss(pid);
                }

                _peakRss[name] = Math.Max(_peakRss.GetValueOrDefault(name), rss);
            }
        }
    }

    static long? ReadTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // after "pid (comm) ": state is field 3, utime and stime are fields 14 and 15
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    static long ReadRss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Pids whose command name is <paramref name="comm"/> (for the broker and the database).</summary>
    public static IReadOnlyList<int> ByName(string comm)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == comm)
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
