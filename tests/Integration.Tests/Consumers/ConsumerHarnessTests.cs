using System.Diagnostics.Metrics;
using Dapper;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Npgsql;
using OrderPipeline.Business;
using OrderPipeline.Business.Orders;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Notify;
using OrderPipeline.Notify.Notifications;
using OrderPipeline.Notify.Providers;

namespace OrderPipeline.Integration.Tests.Consumers;

/// <summary>
/// The consumers on MassTransit's test harness (in-memory transport), against the real PostgreSQL of this run:
/// the harness stands in only for the broker, whose behaviour is not what these tests are about.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsumerHarnessTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task SubmitOrderConsumer_confirms_once_and_answers_a_redelivery_with_the_same_follow_up()
    {
        var (product, seller) = await ProductAsync("Peach", 2500, stock: 3);
        await using var provider = BusinessServices();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var order = new SubmitOrder
        {
            OrderId = OrderApi.Unique("ord"), CustomerId = "c", SellerId = seller,
            Items = [new OrderLine { ProductId = product, Quantity = 2 }], Contact = new ContactInfo { Email = "c@example.com" },
            RequestHash = "h", AcceptedAt = DateTimeOffset.UtcNow,
        };

        // One delivery, then the same message again once the first is decided: each tells the shopper, in the batch's e-mails.
        await harness.Bus.Publish(order);
        await Eventually.TrueAsync(() => Task.FromResult(harness.Published.Select<ShopperEmails>().Count(m => Has(m, order.OrderId)) == 1),
            TimeSpan.FromSeconds(20), "the first delivery's e-mails published");
        await harness.Bus.Publish(order);
        await Eventually.TrueAsync(() => Task.FromResult(harness.Published.Select<ShopperEmails>().Count(m => Has(m, order.OrderId)) == 2),
            TimeSpan.FromSeconds(20), "the redelivery's e-mails published");

        var notices = harness.Published.Select<ShopperEmails>().SelectMany(m => m.Context.Message.Notices).Where(n => n.OrderId == order.OrderId).ToList();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal((NoticeKinds.OrderConfirmed, "c@example.com", 1, 5000m, "KRW"), (n.Kind, n.To, n.ItemCount, n.Total, n.Currency)));
        Assert.False(await harness.Published.Any<ShopperTexts>(), "no phone, no text");
        Assert.False(await harness.Published.Any<Fault<SubmitOrder>>());
        Assert.Equal(1, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
        Assert.Equal(1, await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE order_id = @orderId", new { orderId = order.OrderId }));
    }

    [Fact]
    public async Task Orders_that_arrive_while_a_batch_runs_are_decided_together_and_a_poison_order_fails_alone()
    {
        var (product, seller) = await ProductAsync("Plum", 1000, stock: 100);
        await using var provider = BusinessServices();
        var batches = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == provider.GetRequiredService<IMeterFactory>() && instrument.Name == "orderpipeline.business.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (batches)
            {
                batches.Add(size);
            }
        });
        listener.Start();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var decisions = provider.GetRequiredService<GroupCommit>();

        SubmitOrder Order(string? id) => new()
        {
            OrderId = id!, CustomerId = "c", SellerId = seller, Items = [new OrderLine { ProductId = product, Quantity = 1 }],
            Contact = new ContactInfo { Email = "c@example.com" }, RequestHash = "h", AcceptedAt = DateTimeOffset.UtcNow,
        };

        // Hold the product row: the first order's batch waits on the lock, and everything after it gathers.
        var first = Order(OrderApi.Unique("ord"));
        var gathered = Enumerable.Range(0, 40).Select(_ => Order(OrderApi.Unique("ord"))).ToList();
        var poison = Order(null);
        await using (var blocker = await pipeline.Database.DataSource.OpenConnectionAsync())
        {
            await using var hold = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("SELECT 1 FROM products WHERE product_id = @product FOR UPDATE", new { product }, hold);

            await harness.Bus.Publish(first);
            await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE @processID = ANY(pg_blocking_pids(pid))", new { processID = blocker.ProcessID }) > 0,
                TimeSpan.FromSeconds(20), "the first batch waits for the product lock");
            foreach (var order in gathered.Take(20).Append(poison).Concat(gathered.Skip(20)))
            {
                await harness.Bus.Publish(order);
            }

            await Eventually.TrueAsync(() => Task.FromResult(decisions.Waiting == gathered.Count + 1), TimeSpan.FromSeconds(20),
                "the 41 later orders wait behind the running batch");
            await hold.RollbackAsync();
        }

        await Eventually.TrueAsync(async () => await pipeline.Database.ScalarAsync<long>(
                "SELECT count(*) FROM orders WHERE order_id = ANY(@p1) AND status = 'Confirmed'", new { p1 = gathered.Append(first).Select(o => o.OrderId).ToArray() }) == 41,
            TimeSpan.FromSeconds(30), "the first and the 40 good orders confirmed");
        Assert.Equal(59, await pipeline.Database.ScalarAsync<int>("SELECT stock FROM products WHERE product_id = @product", new { product }));
        await Eventually.TrueAsync(async () => await harness.Published.Any<Fault<SubmitOrder>>(), TimeSpan.FromSeconds(20), "the poison order faults");
        var fault = Assert.Single(harness.Published.Select<Fault<SubmitOrder>>());
        Assert.Null(fault.Context.Message.Message.OrderId);
        var told = gathered.Append(first).Select(o => o.OrderId).ToHashSet();
        await Eventually.TrueAsync(() => Task.FromResult(harness.Published.Select<ShopperEmails>().SelectMany(m => m.Context.Message.Notices)
            .Select(n => n.OrderId).Where(told.Contains).Distinct().Count() == 41), TimeSpan.FromSeconds(10), "41 shoppers told");

        // The first order alone; the 41 gathered as one batch, which failed on the poison order and was decided again
        // one by one: 40 batches of one committed, never the poison.
        lock (batches)
        {
            Assert.Equal(1, batches[0]);
            Assert.Equal(41, batches.Count);
            Assert.All(batches, size => Assert.Equal(1, size));
        }
    }

    [Fact]
    public async Task The_shopper_channel_consumers_send_a_batch_in_one_request_a_lone_notice_alone_and_each_notice_once_when_the_message_comes_twice()
    {
        var single = new RecordingChannel();
        await using var provider = Services(s =>
        {
            s.AddOptions<NotifyOptions>();
            s.AddSingleton<NotificationLedger>();
            s.AddSingleton(new BulkGateway(new HttpClient { BaseAddress = new Uri(pipeline.Providers.GatewayUrl + "/") },
                new BulkRateLimiter(Options.Create(new NotifyOptions()))));
            s.AddSingleton<IShopperChannel>(single);
            s.AddSingleton(new ErrorQueue(new RawPublisher(new RabbitConnection(Options.Create(new RabbitMqOptions()), new HostingEnvironment { ApplicationName = "tests" })), TimeProvider.System));
            s.AddSingleton<ShopperNoticeSender>();
            s.AddSingleton<NoticeMetrics>();
            s.AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<ShopperEmailsConsumer, ShopperEmailsConsumerDefinition>();
                x.AddConsumer<ShopperTextsConsumer, ShopperTextsConsumerDefinition>();
            });
        });
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var (rejected, confirmed) = (OrderApi.Unique("ord"), OrderApi.Unique("ord"));
        ShopperNotice[] notices =
        [
            new() { OrderId = rejected, Kind = NoticeKinds.OrderRejected, To = "c@example.com", ItemCount = 0, Reason = RejectionReasons.OutOfStock },
            new() { OrderId = confirmed, Kind = NoticeKinds.OrderConfirmed, To = "d@example.com", ItemCount = 1, Total = 900m, Currency = "KRW" },
        ];
        var bulkRequests = pipeline.Providers.BulkRequests;

        await harness.Bus.Publish(new ShopperEmails { Notices = notices });
        await harness.Bus.Publish(new ShopperTexts { Notices = [notices[0] with { To = "+821000000000" }] });
        await harness.Bus.Publish(new ShopperEmails { Notices = notices });

        var email = harness.GetConsumerHarness<ShopperEmailsConsumer>();
        var sms = harness.GetConsumerHarness<ShopperTextsConsumer>();
        await Eventually.TrueAsync(() => Task.FromResult(email.Consumed.Select<ShopperEmails>().Count() == 2 && sms.Consumed.Select<ShopperTexts>().Count() == 1),
            TimeSpan.FromSeconds(20), "every delivery consumed");
        Assert.False(await harness.Published.Any<Fault<ShopperEmails>>());
        // The two e-mails in one bulk request (once, though the message came twice); the lone text to the single endpoint.
        var sent = pipeline.Providers.ForOrder(rejected).Concat(pipeline.Providers.ForOrder(confirmed)).ToList();
        Assert.Equal(new[] { $"{confirmed}:OrderConfirmed:email", $"{rejected}:OrderRejected:email" }.Order(StringComparer.Ordinal),
            sent.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.All(sent, r => Assert.Equal(("/messages/bulk", 200), (r.Path, r.Status)));
        Assert.Contains("out of stock", pipeline.Providers.ForOrder(rejected)[0].Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, pipeline.Providers.BulkRequests - bulkRequests);
        var text = Assert.Single(single.Sent);
        Assert.Equal(($"{rejected}:OrderRejected:sms", "+821000000000"), (text.IdempotencyKey, text.To));
        Assert.Equal(3, await pipeline.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE order_id = ANY(@p1) AND status = 'Sent'", new { p1 = new[] { rejected, confirmed } }));
    }

    static bool Has(IPublishedMessage<ShopperEmails> message, string orderId) => message.Context.Message.Notices.Any(n => n.OrderId == orderId);

    async Task<(string Product, string Seller)> ProductAsync(string name, decimal unitPrice, int stock)
    {
        var product = OrderApi.Unique("harness");
        var seller = OrderApi.Unique("s");
        await pipeline.Database.ExecuteAsync(
            "INSERT INTO products (product_id, seller_id, name, unit_price, currency, stock, updated_at) VALUES (@product, @seller, @name, @unitPrice, 'KRW', @stock, now())",
            new { product, seller, name, unitPrice, stock });
        return (product, seller);
    }

    /// <summary>The business worker's order consumer on the harness, against this run's database.</summary>
    ServiceProvider BusinessServices() => Services(s =>
    {
        s.AddOptions<BusinessOptions>();
        s.AddSingleton<OrderBook>();
        s.AddSingleton<GroupCommit>();
        s.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        s.AddFeatureManagement(); // no flags defined: Business.PricingV2 is off, list prices
        s.AddMassTransitTestHarness(x => x.AddConsumer<SubmitOrderConsumer, SubmitOrderConsumerDefinition>());
    });

    ServiceProvider Services(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(NpgsqlDataSource.Create(pipeline.Database.ConnectionString));
        configure(services);
        return services.BuildServiceProvider(true);
    }

    sealed class RecordingChannel : IShopperChannel
    {
        readonly List<ShopperMessage> _sent = [];

        public IReadOnlyList<ShopperMessage> Sent
        {
            get
            {
                lock (_sent)
                {
                    return _sent.ToList();
                }
            }
        }

        public Task SendAsync(ShopperMessage message, CancellationToken cancellationToken)
        {
            lock (_sent)
            {
                _sent.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
