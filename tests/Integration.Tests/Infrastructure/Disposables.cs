namespace OrderPipeline.Integration.Tests.Infrastructure;

public static class Disposables
{
    /// <summary>Disposes each in turn, skipping what a fixture never got to create.</summary>
    public static async Task DisposeAllAsync(params IAsyncDisposable?[] disposables)
    {
        foreach (var disposable in disposables)
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
