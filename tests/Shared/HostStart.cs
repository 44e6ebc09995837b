namespace OrderPipeline.Tests.Shared;

/// <summary>How <see cref="HostProcess.StartAsync"/> runs a host.</summary>
public sealed record HostStart
{
    /// <summary>The checkout whose build output runs (default: the one this code runs from).</summary>
    public string? Root { get; init; }

    /// <summary>The build configuration's output folder.</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>The port to listen on (a restarted instance takes its predecessor's); a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>The OS priority to lower the host to (<c>nice -n</c>), as <c>script/server</c> lowers the workers'.</summary>
    public int Nice { get; init; }

    public bool WaitUntilReady { get; init; } = true;

    /// <summary>As <c>script/server</c> and the tests run hosts: Development (its keys and credentials), warnings and the pipeline's information.</summary>
    public bool Development { get; init; }

    /// <summary>On dispose, SIGTERM and up to 30 s for in-flight work (a benchmark); otherwise the process tree is killed at once (a test).</summary>
    public bool GracefulStop { get; init; }
}
