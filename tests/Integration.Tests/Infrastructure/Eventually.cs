namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>Polls for an expected state with a deadline, instead of sleeping and hoping.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
        T last = default!;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {Describe(last)}");
    }

    public static Task<bool> TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        GetAsync(probe, ok => ok, timeout, what);

    static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => $"[{string.Join(", ", e.Cast<object>())}]",
        _ => value.ToString() ?? "",
    };
}
