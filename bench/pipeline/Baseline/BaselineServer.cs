using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace OrderPipeline.Bench.Pipeline.Baseline;

/// <summary>
/// The ceilings' HTTP host, run as its own process (<c>Pipeline.Bench serve</c>): it reads and checks an order like the
/// intake does and answers the same 202, either at once (<c>plain</c>) or after a raw RabbitMQ.Client publish of the body,
/// persistent, to a quorum queue, awaiting the publisher confirm on one shared channel (<c>raw</c>). No MassTransit, no
/// idempotency or catalogue lookups: what is left is the cost of HTTP and of a confirmed publish.
/// </summary>
public static class BaselineServer
{
    public const string Queue = "bench-raw-orders";

    public sealed record Item(string? ProductId, int? Quantity);

    public sealed record Contact(string? Email, string? Phone);

    public sealed record Order(string? CustomerId, List<Item?>? Items, Contact? Contact);

    public static async Task RunAsync(string mode, int port, BenchSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        IChannel? channel = null;
        if (mode == "raw")
        {
            var factory = new ConnectionFactory
            {
                HostName = "127.0.0.1", VirtualHost = settings.VirtualHost, UserName = settings.RabbitUser, Password = settings.RabbitPassword,
            };
            var connection = await factory.CreateConnectionAsync("bench-baseline");
            channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
            await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        }

        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/orders", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            Order? order;
            try
            {
                order = JsonSerializer.Deserialize<Order>(body, JsonSerializerOptions.Web);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }

            if (order?.CustomerId is not { Length: > 0 } || order.Items is not { Count: > 0 } || order.Items.Any(i => i?.ProductId is null || i.Quantity is not > 0))
            {
                return Results.BadRequest();
            }

            var orderId = Guid.CreateVersion7().ToString("N");
            if (channel is not null)
            {
                await channel.BasicPublishAsync("", Queue, mandatory: false, properties, body);
            }

            return Results.Accepted($"/orders/{orderId}", new { orderId, status = "Accepted" });
        });
        await app.RunAsync();
    }
}
