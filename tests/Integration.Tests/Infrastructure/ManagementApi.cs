using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>RabbitMQ's management API as the broker's administrator: a queue's state and policy (its message counts lag by seconds).</summary>
public static class ManagementApi
{
    static readonly HttpClient Http = Client();

    public static async Task<JsonElement> QueueAsync(string vhost, string queue) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");

    static HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = new Uri(TestEnvironment.ManagementUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitUser}:{TestEnvironment.RabbitPassword}")));
        return http;
    }
}
