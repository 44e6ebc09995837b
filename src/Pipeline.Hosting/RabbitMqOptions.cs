using System.ComponentModel.DataAnnotations;
using RabbitMQ.Client;

namespace OrderPipeline.Hosting;

/// <summary>The broker connection, section <c>RabbitMq</c> (environment: <c>RabbitMq__Host</c>, ...).</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required] public string Host { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 5672;
    [Required] public string VirtualHost { get; set; } = "orderpipeline";
    /// <summary>Each service has its own user (development: op-intake, op-business, ... in appsettings.Development.json).</summary>
    [Required] public string Username { get; set; } = "";
    [Required] public string Password { get; set; } = "";

    /// <summary>
    /// Type of the work queues: <c>quorum</c> (default) or <c>classic</c>. Only for measuring the difference
    /// (docs/adr/0002-quorum-queues.md); an existing queue keeps the type it was declared with.
    /// </summary>
    [RegularExpression("^(quorum|classic)$")] public string QueueType { get; set; } = "quorum";

    /// <summary>
    /// Every node of a RabbitMQ cluster (<c>host:port</c>, <c>RabbitMq__Nodes__0</c>, ...): a connection goes to the first that
    /// answers, and a lost connection reconnects to the next. Empty: <see cref="Host"/> and <see cref="Port"/> alone.
    /// </summary>
    public string[] Nodes { get; set; } = [];

    /// <summary>The nodes to try, in order.</summary>
    public IReadOnlyList<AmqpTcpEndpoint> Endpoints() => Nodes.Length == 0
        ? [new AmqpTcpEndpoint(Host, Port)]
        : Nodes.Select(AmqpTcpEndpoint.Parse).ToList();

    /// <summary>For the few places that talk to the broker below MassTransit (retry queues, raw replay, draining).</summary>
    public ConnectionFactory ConnectionFactory(string clientName) => new()
    {
        HostName = Host, Port = Port, VirtualHost = VirtualHost, UserName = Username, Password = Password,
        ClientProvidedName = clientName,
    };
}
