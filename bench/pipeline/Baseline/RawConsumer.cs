using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderPipeline.Bench.Pipeline.Baseline;

/// <summary>The consume ceiling: a raw RabbitMQ.Client consumer drains the baseline's queue, deserializing each body and acking it singly.</summary>
public static class RawConsumer
{
    public static async Task<(long Messages, TimeSpan Elapsed)> DrainAsync(BenchSettings settings, ushort prefetch = 500)
    {
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1", VirtualHost = settings.VirtualHost, UserName = settings.RabbitUser, Password = settings.RabbitPassword,
        };
        await using var connection = await factory.CreateConnectionAsync("bench-raw-consumer");
        await using var channel = await connection.CreateChannelAsync();
        var total = (await channel.QueueDeclarePassiveAsync(BaselineServer.Queue)).MessageCount;
        if (total == 0)
        {
            return (0, TimeSpan.Zero);
        }

        await channel.BasicQosAsync(0, prefetch, false);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long consumed = 0;
        long first = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            if (first == 0)
            {
                first = Stopwatch.GetTimestamp();
            }

            var order = JsonSerializer.Deserialize<BaselineServer.Order>(delivery.Body.Span, JsonSerializerOptions.Web);
            GC.KeepAlive(order);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (++consumed == total)
            {
                done.TrySetResult();
            }
        };
        await channel.BasicConsumeAsync(BaselineServer.Queue, autoAck: false, consumer);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var elapsed = Stopwatch.GetElapsedTime(first);
        await channel.QueueDeleteAsync(BaselineServer.Queue);
        return (consumed, elapsed);
    }
}
