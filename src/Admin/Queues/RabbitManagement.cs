using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderPipeline.Admin.Console;
using OrderPipeline.Hosting;

namespace OrderPipeline.Admin.Queues;

/// <summary>RabbitMQ's management API, read with this host's own broker user (tag <c>management</c>: its vhost only).</summary>
public sealed class RabbitManagement
{
    readonly HttpClient _http;
    readonly string _vhost;

    public RabbitManagement(HttpClient http, IOptions<ConsoleOptions> console, IOptions<RabbitMqOptions> rabbit)
    {
        _http = http;
        _http.BaseAddress = new Uri(console.Value.ManagementUrl);
        _http.Timeout = TimeSpan.FromSeconds(5);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Value.Username}:{rabbit.Value.Password}")));
        _vhost = rabbit.Value.VirtualHost;
    }

    public async Task<IReadOnlyList<QueueStats>> QueuesAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/api/queues/{Uri.EscapeDataString(_vhost)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return document.RootElement.EnumerateArray().Select(q => new QueueStats(
            q.GetProperty("name").GetString()!,
            Long(q, "messages_ready"),
            Long(q, "messages_unacknowledged"),
            (int)Long(q, "consumers"),
            Rate(q, "publish_details"),
            Rate(q, "deliver_get_details"),
            Rate(q, "ack_details"))).ToList();
    }

    static long Long(JsonElement queue, string name) => queue.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    static double Rate(JsonElement queue, string details) =>
        queue.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(details, out var d) && d.TryGetProperty("rate", out var rate)
            ? rate.GetDouble()
            : 0;
}
