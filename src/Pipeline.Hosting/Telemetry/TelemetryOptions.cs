using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Hosting.Telemetry;

/// <summary>Section <c>Telemetry</c>: traces, metrics and where they go.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Off: no OpenTelemetry at all (no spans, no instruments collected, no <c>/metrics</c>); what the benchmark's telemetry-off run
    /// measures against. Log lines still carry the trace id ASP.NET Core and MassTransit start.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An OTLP collector (for example <c>http://localhost:4318</c>); empty exports nothing, and the spans still give every log line
    /// its trace id and every message its parent. The standard <c>OTEL_EXPORTER_OTLP_*</c> variables tune it further.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    [RegularExpression("^(grpc|http/protobuf)$")]
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>The share of new traces kept (0 to 1); a message's trace follows the decision its sender made.</summary>
    [Range(0.0, 1.0)]
    public double SampleRatio { get; set; } = 1.0;
}
