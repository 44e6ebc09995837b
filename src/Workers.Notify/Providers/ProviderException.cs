using System.Net;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Notify.Providers;

/// <summary>A provider refused or failed a request. <see cref="Permanent"/>: retrying the same request cannot help (4xx).</summary>
public sealed class ProviderException(string message, bool permanent, Exception? inner = null) : Exception(message, inner), IClassifiedFault
{
    public bool Permanent { get; } = permanent;

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var permanent = status is >= 400 and < 500 and not (int)HttpStatusCode.RequestTimeout and not (int)HttpStatusCode.TooManyRequests;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new ProviderException($"{provider} answered {status}: {Shorten(body)}", permanent);
    }

    static string Shorten(string body) => body.Length <= 200 ? body : body[..200];
}
