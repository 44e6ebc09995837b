namespace OrderPipeline.Hosting.Messaging;

/// <summary>
/// Something opened on first use and opened again once it is found closed (a broker connection, a channel on it), one opening
/// at a time; what <paramref name="open"/> returns is kept only when it succeeds.
/// </summary>
public sealed class Reopening<T>(Func<CancellationToken, Task<T>> open, Func<T, bool> isOpen) : IAsyncDisposable
    where T : class, IAsyncDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    T? _current;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && isOpen(current))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && isOpen(again))
            {
                return again;
            }

            if (_current is not null)
            {
                await _current.DisposeAsync();
                _current = null;
            }

            _current = await open(cancellationToken);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes <paramref name="which"/> if it is still the current one, so the next use opens another (found unusable though open).</summary>
    public async Task DiscardAsync(T which)
    {
        await _gate.WaitAsync();
        try
        {
            if (ReferenceEquals(_current, which))
            {
                _current = null;
                await which.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }
    }
}
