using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Admin.Console;

/// <summary>Section <c>Console</c>: the operations console's sign-in and the services it reads from.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The intake API, which the seller center calls with the signed-in seller's own key (the seller endpoints live there).</summary>
    [Required, Url] public string IntakeUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>RabbitMQ's management API, read with this host's broker user (tag <c>management</c>) for the queues page.</summary>
    [Required, Url] public string ManagementUrl { get; set; } = "http://127.0.0.1:15672";

    /// <summary>How long a sign-in lasts without use (sliding).</summary>
    [Range(5, 7 * 24 * 60)] public int SessionMinutes { get; set; } = 480;

    /// <summary>Sign-in attempts allowed per client address per minute (a key cannot be guessed by trying); 0 turns the limit off (Development).</summary>
    [Range(0, 10_000)] public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>How often a signed-in session's key is checked again: a revoked or removed key ends the session within this.</summary>
    [Range(5, 3600)] public int RecheckKeySeconds { get; set; } = 60;
}
