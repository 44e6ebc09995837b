using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>A RabbitMQ vhost of this run's own, with the project's policies, deleted at the end.</summary>
public sealed class TestVhost : IAsyncDisposable
{
    readonly HttpClient _management;

    TestVhost(string name, HttpClient management)
    {
        Name = name;
        _management = management;
    }

    public string Name { get; }

    public static async Task<TestVhost> CreateAsync()
    {
        var name = $"op-test-{Guid.NewGuid():N}"[..20];
        var management = new HttpClient { BaseAddress = new Uri(TestEnvironment.ManagementUrl) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitUser}:{TestEnvironment.RabbitPassword}")));
        var vhost = Uri.EscapeDataString(name);
        (await management.PutAsJsonAsync($"/api/vhosts/{vhost}", new { })).EnsureSuccessStatusCode();
        // As rabbitmq/create-vhost.sh does: the administrator and each service's own user, rights on this vhost only.
        foreach (var user in TestEnvironment.RabbitServiceUsers.Append(TestEnvironment.RabbitUser))
        {
            (await management.PutAsJsonAsync($"/api/permissions/{vhost}/{Uri.EscapeDataString(user)}",
                new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }

        // The same policy rabbitmq/create-vhost.sh sets on the real vhost, from the same file.
        var policy = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "rabbitmq", "delivery-limit-policy.json")))!;
        (await management.PutAsJsonAsync($"/api/policies/{vhost}/{policy["name"]}", new JsonObject
        {
            ["pattern"] = policy["pattern"]!.GetValue<string>(),
            ["definition"] = policy["definition"]!.DeepClone(),
            ["priority"] = 0,
            ["apply-to"] = policy["apply-to"]!.GetValue<string>(),
        })).EnsureSuccessStatusCode();
        return new TestVhost(name, management);
    }

    public Task<IConnection> ConnectAsync() =>
        new ConnectionFactory
        {
            HostName = TestEnvironment.RabbitHost,
            VirtualHost = Name,
            UserName = TestEnvironment.RabbitUser,
            Password = TestEnvironment.RabbitPassword,
        }.CreateConnectionAsync();

    /// <summary>Messages ready in a queue, asked of the broker itself (the management API's counts lag by seconds); 0 if it was never declared.</summary>
    public async Task<uint> ReadyAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"/api/vhosts/{Uri.EscapeDataString(Name)}");
        _management.Dispose();
    }
}
