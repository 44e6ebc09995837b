using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Hosting.Flags;

/// <summary>
/// Stops a receive endpoint while any of its flags is off and starts it again when they are all on: the messages wait in
/// the queue, unacknowledged by nobody, and drain when the endpoint starts. Works alongside the kill switch: a kill-switch
/// restart of a paused endpoint is stopped again at once, and only an endpoint paused here is started here. A gate in the
/// receive pipe holds any message that slips in while a stop is under way, so nothing is handled while paused.
/// </summary>
public sealed class EndpointPauses : IDisposable
{
    readonly FlagCache _flags;
    readonly ILogger<EndpointPauses> _logger;
    readonly ConcurrentDictionary<string, PausableEndpoint> _endpoints = new(StringComparer.Ordinal);

    public EndpointPauses(FlagCache flags, ILogger<EndpointPauses> logger)
    {
        _flags = flags;
        _logger = logger;
        flags.Changed += _ => Reconcile();
    }

    public void Install(string queue, IReadOnlyList<string> flagNames, IReceiveEndpointConfigurator endpoint)
    {
        var pausable = new PausableEndpoint(queue, flagNames, this);
        _endpoints[queue] = pausable;
        endpoint.ConnectReceiveEndpointObserver(pausable);
        endpoint.ConfigureReceive(r => r.UseFilter(pausable));
    }

    /// <summary>What the queue waits for before nobody may consume it ("flags not loaded yet").</summary>
    public const string FlagsNotLoaded = "(flags not loaded yet)";

    /// <summary>
    /// The first of the queue's flags that is off, or null when the queue may be consumed. Until this process has read the flags
    /// once, every pausable queue is paused: a process that starts while PostgreSQL is unreachable must not send on defaults
    /// what a flag has switched off.
    /// </summary>
    public string? PausedBy(string queue) =>
        !_endpoints.TryGetValue(queue, out var endpoint) ? null
        : _flags.LoadedAt is null ? FlagsNotLoaded
        : endpoint.FlagNames.FirstOrDefault(f => !_flags.IsEnabled(f));

    /// <summary>The queues this process does not consume right now because a flag is off.</summary>
    public string[] PausedQueues => _endpoints.Keys.Where(q => PausedBy(q) is not null).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether the endpoint is being stopped or started for a flag (so the kill switch log can tell the two apart).</summary>
    public bool IsFlagTransition(string queue) => _endpoints.TryGetValue(queue, out var endpoint) && endpoint.InTransition;

    public void Dispose()
    {
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Dispose();
        }
    }

    void Reconcile()
    {
        foreach (var endpoint in _endpoints.Values)
        {
            _ = Task.Run(endpoint.ReconcileAsync);
        }
    }

    sealed class PausableEndpoint(string queue, IReadOnlyList<string> flagNames, EndpointPauses owner) : IReceiveEndpointObserver, IFilter<ReceiveContext>, IDisposable
    {
        readonly SemaphoreSlim _lock = new(1, 1);
        IReceiveEndpoint? _endpoint;
        bool _running;
        bool _pausedHere;

        public IReadOnlyList<string> FlagNames => flagNames;

        public void Dispose() => _lock.Dispose();

        public bool InTransition { get; private set; }

        public async Task ReconcileAsync()
        {
            await _lock.WaitAsync();
            try
            {
                var pausedBy = owner.PausedBy(queue);
                if (pausedBy is not null && _running && _endpoint is { } running)
                {
                    owner._logger.LogWarning("Paused {Queue}: flag {Flag} is off; its messages wait in the queue", queue, pausedBy);
                    InTransition = true;
                    _pausedHere = true;
                    await running.Stop();
                    _running = false;
                }
                else if (pausedBy is null && _pausedHere && !_running && _endpoint is { } stopped)
                {
                    owner._logger.LogWarning("Resumed {Queue}: its flags are on again", queue);
                    InTransition = true;
                    _pausedHere = false;
                    await stopped.Start().Ready;
                }
            }
            catch (Exception e)
            {
                owner._logger.LogError(e, "Could not {Action} {Queue} for its flags; retrying at the next flag load",
                    owner.PausedBy(queue) is null ? "resume" : "pause", queue);
            }
            finally
            {
                InTransition = false;
                _lock.Release();
            }
        }

        public Task Ready(ReceiveEndpointReady ready)
        {
            _endpoint = ready.ReceiveEndpoint;
            _running = true;
            if (owner.PausedBy(queue) is not null)
            {
                // Started at boot or by a kill-switch restart while its flag is off: stop it again.
                _ = Task.Run(ReconcileAsync);
            }

            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

        public Task Completed(ReceiveEndpointCompleted completed)
        {
            _running = false;
            return Task.CompletedTask;
        }

        public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

        /// <summary>Holds a message delivered while the queue is paused until it resumes or the stop cancels it (it stays queued).</summary>
        public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
        {
            while (owner.PausedBy(queue) is not null)
            {
                await Task.Delay(100, context.CancellationToken);
            }

            await next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("flagPause");
    }
}
