using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Hosting;

public static class PipelineBus
{
    /// <summary>
    /// MassTransit on RabbitMQ the way every host uses it: publisher confirms on, persistent messages,
    /// durable quorum queues for every endpoint that <c>ConfigureEndpoints</c> creates, and for each of
    /// <paramref name="workQueues"/> delayed redelivery through broker-side retry queues. An endpoint named in
    /// <paramref name="pauseFlags"/> stops consuming while any of its flags is off.
    /// </summary>
    public static IHostApplicationBuilder AddPipelineBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configure,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null,
        IReadOnlyDictionary<string, string[]>? pauseFlags = null,
        params string[] workQueues)
    {
        builder.Services.AddOptions<BrokerRedeliveryOptions>().BindConfiguration(BrokerRedeliveryOptions.Section);
        builder.Services.AddOptions<KillSwitchSettings>().BindConfiguration(KillSwitchSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddPipelineFlags();
        builder.Services.AddSingleton<RabbitConnection>();
        builder.Services.AddSingleton<RawPublisher>();
        builder.Services.AddSingleton<PublishWatch>();
        builder.Services.AddSingleton(new RetryQueueNames(workQueues));
        builder.Services.AddSingleton<RetryQueues>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetryQueues>());

        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            configure(x);
            x.AddConsumer<FlagChangedConsumer>().ExcludeFromConfigureEndpoints();
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                var pauses = context.GetRequiredService<EndpointPauses>();
                if (pauseFlags?.GetValueOrDefault(name) is { Length: > 0 } flags)
                {
                    pauses.Install(name, flags, endpoint);
                }

                // Runs before each consumer's definition, so this filter wraps their in-process retries.
                if (workQueues.Contains(name, StringComparer.Ordinal))
                {
                    endpoint.UseBrokerRedelivery(context);
                    var switches = context.GetRequiredService<KillSwitches>();
                    switches.Install(name, endpoint,
                        context.GetRequiredService<IOptions<KillSwitchSettings>>().Value, new EndpointStateLog(name,
                        context.GetRequiredService<IHostApplicationLifetime>(),
                        context.GetRequiredService<ILoggerFactory>().CreateLogger("OrderPipeline.KillSwitch"),
                        () => pauses.IsFlagTransition(name), switches));
                }

                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && options.QueueType == "quorum")
                {
                    rabbit.SetQuorumQueue();
                }
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                    if (options.Nodes.Length > 0)
                    {
                        // A cluster: the first node that answers, the next one when it goes (RabbitMqOptions.Nodes).
                        h.UseCluster(cluster =>
                        {
                            foreach (var node in options.Nodes)
                            {
                                cluster.Node(node);
                            }
                        });
                    }
                });
                cfg.ConnectPublishObserver(context.GetRequiredService<PublishWatch>());
                configureBus?.Invoke(context, cfg);
                // Every process hears every flag flip on a queue of its own.
                cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("flags"), e => e.ConfigureConsumer<FlagChangedConsumer>(context));
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddHostedService<StoppingNotice>();
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(30);
            // A consumer still running 10 s into a stop (a shutdown, or a pause for a flag) is cancelled; its message stays queued.
            o.ConsumerStopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>
    /// Binds <typeparamref name="T"/>'s exchange straight to the work queue that consumes it (declared as its worker declares it):
    /// a message published <c>mandatory</c> is queued even on a broker where that worker has never started, instead of being
    /// returned unroutable. (The worker binds the queue through an exchange of its own as well; RabbitMQ puts a message into a
    /// queue once however many bindings lead there.)
    /// </summary>
    public static void BindWorkQueue<T>(this IRabbitMqBusFactoryConfigurator cfg, IRegistrationContext context)
        where T : class
    {
        var quorum = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.QueueType == "quorum";
        cfg.Publish<T>(p => p.BindQueue(p.Exchange.ExchangeName, PipelineQueues.Consuming<T>().Name, queue =>
        {
            if (quorum)
            {
                queue.SetQuorumQueue();
            }
        }));
    }
}
