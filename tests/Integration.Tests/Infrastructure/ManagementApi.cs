using System.Net.Http.Headers;
using System.Text;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>RabbitMQ's management API as the broker's administrator: a queue's state and policy (its message counts lag by seconds).</summary>
public static class ManagementApi
{
    static readonly HttpClient Http = Client();

    public static async Task<JsonElement> QueueAsync(string vhost, string queue) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");

    /// <summary>Every non-empty queue of the vhost as "name ready/unacked", for a failure's diagnosis.</summary>
    public static async Task<string> NonEmptyQueuesAsync(string vhost)
    {
        try
        {
            var queues = await Http.GetFromJsonAsync<JsonElement>($"/api/queues/{Uri.EscapeDataString(vhost)}?columns=name,messages_ready,messages_unacknowledged");
            return string.Join(", ", queues.EnumerateArray()
                .Select(q => (Name: q.GetProperty("name").GetString(), Ready: Count(q, "messages_ready"), Unacked: Count(q, "messages_unacknowledged")))
                .Where(q => q.Ready + q.Unacked > 0)
                .Select(q => $"{q.Name} {q.Ready}/{q.Unacked}"));
        }
        catch (HttpRequestException e)
        {
            return $"(management API: {e.Message})";
        }
    }

    static long Count(JsonElement queue, string name) => queue.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    static HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = new Uri(TestEnvironment.ManagementUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitUser}:{TestEnvironment.RabbitPassword}")));
        return http;
    }
}
