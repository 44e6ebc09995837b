using System.Net;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Providers;

/// <summary>
/// A provider refused or failed a request. <see cref="Permanent"/>: retrying the same request cannot help (4xx).
/// <see cref="Isolated"/>: the failure is one seller's endpoint, not a dependency every message shares.
/// </summary>
public sealed class ProviderException(string message, bool permanent, Exception? inner = null, bool isolated = false)
    : Exception(message, inner), IClassifiedFault
{
    public bool Permanent { get; } = permanent;

    public bool Isolated { get; } = isolated;

    /// <summary>
    /// Throws unless the answer is a 2xx. The shopper gateway is ours to trust: up to 200 characters of its answer go into the
    /// error. A seller's endpoint is not (<paramref name="quoteBody"/> false): only its status is kept, so nothing it says reaches
    /// our tables, dead letters or alerts. A redirect is never followed, and is final.
    /// </summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken,
        bool quoteBody = true, bool isolated = false)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw new ProviderException($"{provider} answered {status} (a redirect); redirects are not followed", permanent: true, isolated: isolated);
        }

        var permanent = status is >= 400 and < 500 and not (int)HttpStatusCode.RequestTimeout and not (int)HttpStatusCode.TooManyRequests;
        var quoted = quoteBody ? ": " + Shorten(await response.Content.ReadAsStringAsync(cancellationToken)) : "";
        throw new ProviderException($"{provider} answered {status}{quoted}", permanent, isolated: isolated);
    }

    static string Shorten(string body) => body.Length <= 200 ? body : body[..200];
}
