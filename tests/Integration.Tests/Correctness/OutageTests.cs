using Dapper;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Integration.Tests.Correctness;

/// <summary>What a worker does when its database goes away at the worst moment: after a send, before its first flag read, while stopping.</summary>
[Collection(PipelineCollection.Name)]
public sealed class OutageTests(PipelineFixture pipeline)
{
    static readonly int PostgresPort = 5432;

    [Fact]
    public async Task A_notice_the_provider_accepted_is_recorded_once_the_database_is_back_and_never_sent_twice()
    {
        await using var vhost = await TestVhost.CreateAsync();
        await using var database = TcpProxy.To(PostgresPort);
        await using var notify = await pipeline.StartHostAsync("Workers.Notify", new Dictionary<string, string>
        {
            ["RabbitMq__VirtualHost"] = vhost.Name, ["ConnectionStrings__Pipeline"] = Through(database, pipeline.Database.ConnectionString),
        });
        var email = $"{OrderApi.Unique("record")}@example.com";
        // The database goes away just as the gateway accepts the e-mail, and comes back 2 s later.
        pipeline.Providers.OnReceived = (path, body) =>
        {
            if (System.Text.Encoding.UTF8.GetString(body).Contains(email, StringComparison.Ordinal))
            {
                database.Cut();
                _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => database.Restore(), TaskScheduler.Default);
            }
        };
        try
        {
            var order = Messages.Confirmed(email);
            await pipeline.PublishToAsync(vhost.Name, Messages.EmailsOf(order));

            await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>(
                "SELECT status FROM notifications WHERE order_id = @orderId AND channel = 'email'", new { orderId = order.OrderId }) == "Sent", TimeSpan.FromSeconds(30),
                $"the send recorded\n{notify.Output}");
            Assert.Single(pipeline.Providers.ForOrder(order.OrderId), r => r.IdempotencyKey.EndsWith(":email", StringComparison.Ordinal));
        }
        finally
        {
            pipeline.Providers.OnReceived = null;
        }
    }

    [Fact]
    public async Task A_worker_that_cannot_read_its_flags_at_start_consumes_nothing_until_it_can()
    {
        // A database of the test's own: the flag is off there, and nothing else reads it.
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync("""
            INSERT INTO feature_flags (name, enabled, description, version, updated_at, updated_by, reason)
            VALUES ('Notify.Send', false, 'test', nextval('feature_flag_version'), now(), 'test', 'incident drill')
            """);
        await using var vhost = await TestVhost.CreateAsync();
        await using var proxy = TcpProxy.To(PostgresPort);
        proxy.Cut();
        await using var notify = await pipeline.StartHostAsync("Workers.Notify", new Dictionary<string, string>
        {
            ["RabbitMq__VirtualHost"] = vhost.Name, ["ConnectionStrings__Pipeline"] = Through(proxy, database.ConnectionString),
            ["Flags__RefreshSeconds"] = "1", ["Flags__StartupLoadSeconds"] = "1",
        }, waitUntilReady: false);

        await Eventually.TrueAsync(() => Task.FromResult(notify.CountLines("Paused notify-email: flag (flags not loaded yet)") == 1),
            TimeSpan.FromSeconds(60), $"the e-mail queue paused at start\n{notify.Output}");
        var order = Messages.Confirmed($"{OrderApi.Unique("paused")}@example.com");
        await pipeline.PublishToAsync(vhost.Name, Messages.EmailsOf(order));
        await Eventually.TrueAsync(async () => await vhost.ReadyAsync(PipelineQueues.NotifyEmail) == 1, TimeSpan.FromSeconds(10), "the e-mail queued");

        // The database is back: the flag reads off, and the queue stays paused.
        proxy.Restore();
        await Eventually.TrueAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM flag_instances WHERE applied_version > 0") >= 1,
            TimeSpan.FromSeconds(30), "the worker to read its flags");
        Assert.Equal(1u, await vhost.ReadyAsync(PipelineQueues.NotifyEmail));
        Assert.Empty(pipeline.Providers.ForOrder(order.OrderId));

        // On again: the e-mail goes, once.
        await database.ExecuteAsync("UPDATE feature_flags SET enabled = true, version = nextval('feature_flag_version') WHERE name = 'Notify.Send'");
        await Eventually.TrueAsync(() => Task.FromResult(pipeline.Providers.ForOrder(order.OrderId).Count == 1), TimeSpan.FromSeconds(30), $"the e-mail sent\n{notify.Output}");
    }

    [Fact]
    public async Task An_order_whose_decision_fails_while_its_worker_stops_goes_back_to_its_queue_and_is_decided_once()
    {
        await using var vhost = await TestVhost.CreateAsync();
        await using var proxy = TcpProxy.To(PostgresPort);
        var worker = await pipeline.StartHostAsync("Workers.Business", new Dictionary<string, string>
        {
            ["RabbitMq__VirtualHost"] = vhost.Name, ["ConnectionStrings__Pipeline"] = Through(proxy, pipeline.Database.ConnectionString),
        });
        var (seller, product) = (OrderApi.Unique("farm"), OrderApi.Unique("grape"));
        await pipeline.PutProductAsync(seller, product, 2000m, 5);

        // The product is locked by someone else: the worker's decision waits on it.
        await using var holder = new NpgsqlConnection(pipeline.Database.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM products WHERE product_id = @product FOR UPDATE", new { product }, hold);

        var order = new SubmitOrder
        {
            OrderId = OrderApi.Unique("ord"), CustomerId = OrderApi.Unique("c"), SellerId = seller, Items = [new OrderLine { ProductId = product, Quantity = 1 }],
            Contact = new ContactInfo { Email = "grape@example.com" }, RequestHash = "h", AcceptedAt = DateTimeOffset.UtcNow,
        };
        await pipeline.PublishToAsync(vhost.Name, order);
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") >= 1, TimeSpan.FromSeconds(30),
            "the decision waiting on the product");

        // Told to stop while deciding; then its database goes away, so the decision fails during the stop.
        var stopped = worker.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => Task.FromResult(worker.CountLines("Stopping: messages being handled") == 1), TimeSpan.FromSeconds(10), "the stop to begin");
        proxy.Cut();
        await stopped;
        await hold.RollbackAsync();

        // Back in its queue, untouched: not in an error queue, no redelivery used.
        Assert.Equal(1u, await vhost.ReadyAsync(PipelineQueues.Orders));
        Assert.Equal(0u, await vhost.ReadyAsync("orders_error"));
        Assert.Equal(0u, await vhost.ReadyAsync("orders_retry_300ms"));
        Assert.Equal(0, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = @orderId", new { orderId = order.OrderId }));

        // The next worker decides it, once.
        await using var next = await pipeline.StartHostAsync("Workers.Business", new Dictionary<string, string> { ["RabbitMq__VirtualHost"] = vhost.Name });
        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<string>("SELECT status FROM orders WHERE order_id = @orderId", new { orderId = order.OrderId }) == "Confirmed",
            TimeSpan.FromSeconds(30), $"the order decided by the next worker\n{worker.Output}");
        Assert.Equal(4, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
    }

    static string Through(TcpProxy proxy, string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString;
}
