using System.Collections.Concurrent;
using System.Net.Sockets;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP relay on loopback in front of a real server (PostgreSQL, RabbitMQ), so a test can make that server unreachable for
/// one host without touching the others: <see cref="Cut"/> drops every relayed connection and refuses new ones (accepted, then
/// closed at once, as a dead peer looks), <see cref="Restore"/> lets them through again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    readonly TcpListener _listener;
    readonly IPEndPoint _target;
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Server)> _links = new();
    readonly Task _accepting;
    volatile bool _cut;

    TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections relayed since the start (each client connection counts once).</summary>
    public int Connections { get; private set; }

    public static TcpProxy To(int targetPort) => new(new IPEndPoint(IPAddress.Loopback, targetPort));

    public void Cut()
    {
        _cut = true;
        foreach (var (id, link) in _links)
        {
            Close(id, link);
        }
    }

    public void Restore() => _cut = false;

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_cut)
            {
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        var id = Guid.NewGuid();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            Connections++;
            _links[id] = (client, server);
            if (_cut)
            {
                return;
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(server.GetStream(), done.Token),
                server.GetStream().CopyToAsync(client.GetStream(), done.Token));
            await done.CancelAsync();
        }
        catch (Exception)
        {
            // a cut or a closed side: the link ends either way
        }
        finally
        {
            Close(id, (client, server));
        }
    }

    void Close(Guid id, (TcpClient Client, TcpClient Server) link)
    {
        _links.TryRemove(id, out _);
        // Reset, not a polite close: the client sees the server vanish, as it would when the server dies.
        try
        {
            link.Client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception)
        {
            // already closed
        }

        link.Client.Dispose();
        link.Server.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
