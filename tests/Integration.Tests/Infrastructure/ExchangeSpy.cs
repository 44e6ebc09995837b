using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>A queue of the test's own bound to a message type's exchange: every message published of that type, to read back.</summary>
public sealed class ExchangeSpy : IAsyncDisposable
{
    readonly IChannel _channel;
    readonly string _queue;
    readonly List<JsonElement> _seen = [];

    ExchangeSpy(IChannel channel, string queue)
    {
        _channel = channel;
        _queue = queue;
    }

    public static async Task<ExchangeSpy> OnAsync(IConnection connection, string messageType)
    {
        var channel = await connection.CreateChannelAsync();
        var queue = $"test-spy-{Guid.NewGuid():N}";
        var exchange = $"OrderPipeline.Contracts:{messageType}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue, exchange, "");
        return new ExchangeSpy(channel, queue);
    }

    /// <summary>The messages (MassTransit's <c>message</c> part) published so far.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
        {
            _seen.Add(JsonDocument.Parse(delivery.Body).RootElement.GetProperty("message").Clone());
        }

        return _seen.ToList();
    }

    /// <summary>What was published about one order: the messages, or a batch message's items (<c>notices</c>, <c>orders</c>), with its id.</summary>
    public async Task<IReadOnlyList<JsonElement>> ForOrderAsync(string orderId) =>
        (await MessagesAsync()).SelectMany(Items).Where(m => m.TryGetProperty("orderId", out var id) && id.GetString() == orderId).ToList();

    static IEnumerable<JsonElement> Items(JsonElement message) =>
        message.TryGetProperty("notices", out var notices) ? notices.EnumerateArray()
        : message.TryGetProperty("orders", out var orders) ? orders.EnumerateArray()
        : [message];

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        _channel.Dispose();
    }
}
