using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Hosting;

/// <summary>The broker connection, section <c>RabbitMq</c> (environment: <c>RabbitMq__Host</c>, ...).</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required] public string Host { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 5672;
    [Required] public string VirtualHost { get; set; } = "orderpipeline";
    [Required] public string Username { get; set; } = "orderpipeline";
    [Required] public string Password { get; set; } = "orderpipeline";
}
