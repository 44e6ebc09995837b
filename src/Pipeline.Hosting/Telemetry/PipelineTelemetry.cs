using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrderPipeline.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry the way every host uses it: spans from ASP.NET Core, HttpClient, Npgsql, MassTransit and our own
/// <see cref="Source"/>; the metrics of the same plus the runtime and every <c>OrderPipeline.*</c> meter, scraped at
/// <c>/metrics</c> (Prometheus) and pushed over OTLP when <see cref="TelemetryOptions.OtlpEndpoint"/> is set.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The spans OrderPipeline starts itself (a decision batch, a notice to one shopper, a dead letter's move).</summary>
    public static readonly ActivitySource Source = new("OrderPipeline");

    /// <summary>Every meter of ours is named <c>OrderPipeline.{host}</c>.</summary>
    public const string Meters = "OrderPipeline.*";

    /// <summary>
    /// The transport header MassTransit carries a message's trace context in (the W3C <c>traceparent</c> of its send span) and starts
    /// a consumer's receive span from (MassTransit's <c>DiagnosticHeaders.ActivityId</c>).
    /// </summary>
    public const string MessageTraceHeader = "MT-Activity-Id";

    /// <summary>The tag every span and metric about one order carries.</summary>
    public const string OrderIdTag = "orderpipeline.order_id";

    public static WebApplicationBuilder AddPipelineTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Every log line written inside a span carries its trace and span id (a scope JSON logs include), so a ProblemDetails
        // traceId or a trace found in a backend leads to its lines.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!options.Enabled)
        {
            return builder;
        }

        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        var protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName, serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio)))
                    .AddSource(Source.Name, "MassTransit")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrape(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => Otlp(o, otlp, protocol, "v1/traces"));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(Meters, "MassTransit", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => Otlp(o, otlp, protocol, "v1/metrics"));
                }
            });
        return builder;
    }

    /// <summary><c>GET /metrics</c>: this process's instruments in Prometheus' text format (absent while telemetry is off).</summary>
    public static IEndpointRouteBuilder MapPipelineMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<MeterProvider>() is not null)
        {
            app.MapPrometheusScrapingEndpoint();
        }

        return app;
    }

    /// <summary>The W3C <c>traceparent</c> of <paramref name="context"/>; null for none.</summary>
    public static string? TraceParent(ActivityContext context) =>
        context == default ? null : $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(byte)context.TraceFlags:x2}";

    /// <summary>
    /// Records one order's part of work done for many at once (its notice within a bulk send): a span in the order's own trace
    /// (<paramref name="traceParent"/>) over the shared work's time, linked to the shared work's span (the current one).
    /// </summary>
    public static void RecordOrderHop(string name, string? traceParent, string? orderId, DateTimeOffset start, DateTimeOffset end, string outcome)
    {
        using var hop = StartInTrace(name, ActivityKind.Internal, traceParent, orderId, start);
        if (hop is null)
        {
            return;
        }

        hop.SetTag("orderpipeline.outcome", outcome);
        hop.SetEndTime(end.UtcDateTime);
    }

    /// <summary>
    /// Starts a span in the trace <paramref name="traceParent"/> names (a message's <see cref="MessageTraceHeader"/>, an order's
    /// carried trace), linked to the current span (the shared work it is part of); null when there is no such trace or no listener.
    /// </summary>
    public static Activity? StartInTrace(string name, ActivityKind kind, string? traceParent, string? orderId, DateTimeOffset start = default)
    {
        if (traceParent is null || !Source.HasListeners() || !ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            return null;
        }

        var links = Activity.Current is { } shared ? new[] { new ActivityLink(shared.Context) } : null;
        var span = Source.StartActivity(name, kind, parent, null, links, start);
        if (orderId is not null)
        {
            span?.SetTag(OrderIdTag, orderId);
        }

        return span;
    }

    /// <summary>Over HTTP each signal has its own path under the collector's address; gRPC takes the address as it is.</summary>
    static void Otlp(OtlpExporterOptions options, Uri endpoint, OtlpExportProtocol protocol, string httpPath)
    {
        options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, httpPath) : endpoint;
        options.Protocol = protocol;
    }

    static bool IsScrape(PathString path) =>
        path.StartsWithSegments("/metrics", StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);
}
