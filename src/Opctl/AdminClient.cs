using System.Net.Http.Json;
using System.Text.Json;

namespace OrderPipeline.Opctl;

/// <summary>The admin API over HTTP with an API key; a problem answer becomes an <see cref="AdminApiException"/> that says what went wrong.</summary>
public sealed class AdminClient(HttpClient http) : IDisposable
{
    public static AdminClient Create(string baseUrl, string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new AdminApiException("No API key: pass --key or set OPCTL_API_KEY (development: dev-oncall-key, dev-developer-key).");
        }

        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new AdminClient(http);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonElement> PutAsync(string path, object body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonOptions);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AdminApiException($"Cannot reach the admin API at {http.BaseAddress}: {e.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AdminApiException(Describe((int)response.StatusCode, text));
            }

            return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    static string Describe(int status, string text)
    {
        var message = $"{status}";
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            if (problem.TryGetProperty("title", out var title))
            {
                message += $" {title.GetString()}";
            }

            if (problem.TryGetProperty("detail", out var detail))
            {
                message += $": {detail.GetString()}";
            }

            if (problem.TryGetProperty("errors", out var errors))
            {
                foreach (var field in errors.EnumerateObject())
                {
                    message += $"\n  {field.Name}: {string.Join(" ", field.Value.EnumerateArray().Select(e => e.GetString()))}";
                }
            }
        }
        catch (JsonException)
        {
            message += status switch { 401 => " unknown or missing API key", 403 => " this key lacks the role", _ => " " + text };
        }

        return message;
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public void Dispose() => http.Dispose();
}
